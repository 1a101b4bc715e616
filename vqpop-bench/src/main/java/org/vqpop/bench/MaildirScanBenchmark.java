package org.vqpop.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
import org.vqpop.maildir.MaildirMailbox;
import org.vqpop.maildir.Maildirs;
import org.vqpop.store.OpenResult;

/**
 * What a POP3 login costs in the Maildir: lock, clean tmp/, list new/ and cur/, order, sizes and
 * UIDLs, for maildrops of 1,000 to 100,000 messages, with Maildir++ sizes in the names ({@code
 * ,W=}: no file is opened) and without (every file read once to count its CRLF size). The page
 * cache is warm after the first iteration: this is the warm login of the big-maildrop workload.
 * {@code index=hit} is a login to an unchanged maildrop whose index the previous login wrote
 * (no directory read, no file opened); {@code index=relist} one whose {@code cur/} changed since
 * (listed again, sizes from the index); {@code index=none} removes the index before every login,
 * i.e. the full scan every login made before there was an index (plus writing the index).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MaildirScanBenchmark {
  @Param({"1000", "10000", "100000"})
  int messages;

  @Param({"true", "false"})
  boolean sizeInName;

  /**
   * {@code hit}: the index as a login finds it on an unchanged maildrop; {@code relist}: the index
   * is there but {@code cur/} changed since (a file added and removed before each login), so
   * {@code cur/} is listed again with every size from the index, as after a QUIT; {@code none}:
   * every login a full scan.
   */
  @Param({"hit", "relist", "none"})
  String index;

  Path dir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Fixtures.scratch("maildir").resolve("Maildir");
    Maildirs.create(dir);
    byte[] body = "Subject: x\n\nsmall message body\n".getBytes(StandardCharsets.US_ASCII);
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    for (int i = 0; i < messages; i++) {
      String name = (1700000000 + i) + ".M" + i + "P1Q" + i + ".bench.host"
          + (sizeInName ? ",S=" + body.length + ",W=" + (body.length + 3) : "") + ":2,S";
      Path p = dir.resolve("cur").resolve(name);
      Files.write(p, body);
      Files.setLastModifiedTime(p, old);
    }
    try {
      Thread.sleep(2500); // the index trusts a directory only once its last change is 2 s old
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Setup(Level.Invocation)
  public void prepareIndex() throws IOException {
    switch (index) {
      case "none" -> Files.deleteIfExists(dir.resolve(".vqpop-index"));
      case "relist" -> {
        Path probe = dir.resolve("cur").resolve("bench-probe");
        Files.write(probe, new byte[0]);
        Files.delete(probe);
      }
      default -> {}
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(dir.getParent());
  }

  @Benchmark
  public long openAndClose() {
    OpenResult r = MaildirMailbox.open(dir);
    if (!(r instanceof OpenResult.Opened o)) {
      throw new IllegalStateException(r.toString());
    }
    try (var m = o.mailbox()) {
      return m.totalSize() + m.count();
    }
  }
}
