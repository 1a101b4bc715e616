package org.vqpop.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vqpop.delivery.IncomingMessage;
import org.vqpop.delivery.Spool;

/**
 * LMTP's DATA path without the socket and the disk sync: a message collected line by line as the
 * session does, its header checked for a loop, and written out once (one recipient). 10 and 100
 * KiB stay in memory (W6's sizes); 4 MiB goes to a spool file past the 1 MiB threshold.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IncomingMessageBenchmark {
  @Param({"10240", "102400", "4194304"})
  int size;

  Path dir;
  Spool spool;
  byte[][] lines;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Fixtures.scratch("spool");
    spool = new Spool(dir, Spool.DEFAULT_THRESHOLD);
    int n = size / 73;
    lines = new byte[n + 3][];
    lines[0] = "Subject: benchmark".getBytes(StandardCharsets.US_ASCII);
    lines[1] = "Message-ID: <1@bench.test>".getBytes(StandardCharsets.US_ASCII);
    lines[2] = new byte[0];
    for (int i = 3; i < lines.length; i++) {
      lines[i] = ("line " + i + " " + "abcdefghijklmnopqrstuvwxyz".repeat(3)).substring(0, 72).getBytes(StandardCharsets.US_ASCII);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(dir);
  }

  static final OutputStream NULL = OutputStream.nullOutputStream();

  @Benchmark
  public long collectCheckAndWrite() throws IOException {
    IncomingMessage m = new IncomingMessage(0, spool);
    for (byte[] l : lines) {
      m.appendLine(l, 0, l.length);
    }
    m.finish();
    boolean loop = m.hasDeliveredTo("joe@acme.com");
    m.writeTo(NULL);
    m.close();
    return m.size() + (loop ? 1 : 0);
  }
}
