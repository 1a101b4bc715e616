package org.vqpop.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
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
import org.vqpop.maildir.MaildirDeliverer;
import org.vqpop.maildir.Maildirs;
import org.vqpop.maildir.MessageBody;
import org.vqpop.maildir.Quota;

/**
 * One durable Maildir delivery (tmp/ write, fsync, link to new/, unlink, fsync of new/), without
 * and with a quota to check and a maildirsize to append to: the storage floor under LMTP's W6.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeliveryBenchmark {
  @Param({"10240", "102400"})
  int size;

  @Param({"false", "true"})
  boolean quota;

  Path dir;
  MaildirDeliverer deliverer;
  byte[] message;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Fixtures.scratch("deliver").resolve("Maildir");
    Maildirs.create(dir);
    deliverer = new MaildirDeliverer("bench.host", Clock.systemUTC());
    message = new byte[size];
    for (int i = 0; i < size; i++) {
      message[i] = (byte) (i % 72 == 71 ? '\n' : 'a' + i % 26);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(dir.getParent());
  }

  @Benchmark
  public Object deliver() {
    MessageBody body = new MessageBody() {
      @Override
      public long storedSize() {
        return message.length;
      }

      @Override
      public long crlfSize() {
        return message.length + message.length / 72;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(message);
      }
    };
    return deliverer.deliver(dir, body, quota ? new Quota(1L << 40, 0) : Quota.NONE);
  }
}
