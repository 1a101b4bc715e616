package org.vqpop.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.FileFormatException;

/**
 * A domain's {@code poppasswd} source of 1,000,000 lines: parsing it (every name and field
 * checked, as {@code vqpop rebuild} does) and writing it back (without fsync: the file write
 * itself, not the disk).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class PopPasswdBenchmark {
  static final int LINES = 1_000_000;

  Path dir;
  Path source;
  Path copy;
  PopPasswd parsed;

  @Setup(Level.Trial)
  public void setUp() throws IOException, FileFormatException {
    dir = Fixtures.scratch("poppasswd");
    source = dir.resolve("poppasswd");
    copy = dir.resolve("poppasswd.out");
    try (Writer w = Files.newBufferedWriter(source, StandardCharsets.UTF_8)) {
      w.write("# poppasswd: generated for the benchmark\n");
      for (String n : Names.generate(LINES, 1, false)) {
        w.write(n + ":" + Fixtures.HASH + "::::\n");
      }
    }
    parsed = PopPasswd.read(source);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(dir);
  }

  @Benchmark
  public PopPasswd read1M() throws IOException, FileFormatException {
    PopPasswd p = PopPasswd.read(source);
    if (p.size() != LINES) {
      throw new AssertionError(p.size());
    }
    return p;
  }

  /** As {@code AtomicFile.writeText} writes it: a 64 KiB buffered UTF-8 writer. */
  @Benchmark
  public Path write1M() throws IOException {
    try (BufferedWriter w = new BufferedWriter(
        new java.io.OutputStreamWriter(Files.newOutputStream(copy), StandardCharsets.UTF_8), 1 << 16)) {
      parsed.writeTo(w);
    }
    return copy;
  }
}
