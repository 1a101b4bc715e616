package org.vqpop.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vqpop.wire.MessageSize;
import org.vqpop.wire.MessageWriter;

/**
 * RETR's inner loop: a stored message (LF line ends, some lines starting with a dot) turned into
 * its RFC 1939 form (CRLF, dot-stuffed, terminated), against a plain copy of the same bytes into
 * the same sink, which is the limit. Divide the message size by the time per operation for GB/s.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WireBenchmark {
  @Param({"51200", "1048576"})
  int size;

  byte[] message;
  byte[] crlfMessage;
  final MessageWriter writer = new MessageWriter();
  final byte[] status = "+OK message follows\r\n".getBytes(StandardCharsets.US_ASCII);
  Sink sink;

  /** An OutputStream that only counts, so the benchmark measures the conversion, not a socket. */
  static final class Sink extends OutputStream {
    final Blackhole bh;
    long count;

    Sink(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bh.consume(b);
      count += len;
    }
  }

  @Setup
  public void setUp(Blackhole bh) {
    StringBuilder b = new StringBuilder("From: a@example.org\nTo: b@example.org\nSubject: benchmark\n\n");
    int i = 0;
    while (b.length() < size) {
      if (i % 50 == 7) {
        b.append(".a line that starts with a dot and must be stuffed\n");
      } else {
        b.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, line ").append(i).append('\n');
      }
      i++;
    }
    message = b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    crlfMessage = b.toString().replace("\n", "\r\n").substring(0, size).getBytes(StandardCharsets.US_ASCII);
    sink = new Sink(bh);
  }

  final byte[] buffer = new byte[64 * 1024];

  /** The limit: the same bytes read from a stream into a buffer and written to the same sink. */
  @Benchmark
  public long plainCopy() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(message);
    int r;
    while ((r = in.read(buffer, 0, buffer.length)) > 0) {
      sink.write(buffer, 0, r);
    }
    return sink.count;
  }

  /** LF-stored message to CRLF with dot-stuffing. */
  @Benchmark
  public long retrLf() throws IOException {
    writer.writeMessage(status, new ByteArrayInputStream(message), MessageWriter.WHOLE, sink);
    return sink.count;
  }

  /** A message stored with CRLF already: dot-stuffing only. */
  @Benchmark
  public long retrCrlf() throws IOException {
    writer.writeMessage(status, new ByteArrayInputStream(crlfMessage), MessageWriter.WHOLE, sink);
    return sink.count;
  }

  /** Counting the RFC 1939 size of a message without ,W= in its name. */
  @Benchmark
  public long size() throws IOException {
    return MessageSize.of(new ByteArrayInputStream(message));
  }
}
