package org.vqpop.bench;

import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vqpop.fs.DirectoryHandle;

/**
 * The file system half of a POP3 QUIT (bench W5): {@code count} messages in {@code new/}, half
 * moved to {@code cur/} and half removed, through one {@link DirectoryHandle} per directory
 * ({@code renameat} and {@code unlinkat} relative to the open directories). The files are made
 * before each invocation, outside the measurement.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectoryHandleBenchmark {
  @Param({"1000"})
  int count;

  Path maildir;
  String[] names;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    maildir = Fixtures.scratch("dirhandle");
    Files.createDirectories(maildir.resolve("new"));
    Files.createDirectories(maildir.resolve("cur"));
    names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = "1700000000.M" + i + "P4242V000000000000FC01I0000000000ABC" + i + ".host.example.org,S=2048";
    }
  }

  @Setup(Level.Invocation)
  public void fill() throws IOException {
    Path dir = maildir.resolve("new");
    for (String n : names) {
      Files.createFile(dir.resolve(n));
    }
    try (var s = Files.list(maildir.resolve("cur"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(maildir);
  }

  @Benchmark
  public int quit() throws IOException {
    int done = 0;
    try (DirectoryHandle news = DirectoryHandle.open(maildir.resolve("new"));
        DirectoryHandle cur = DirectoryHandle.open(maildir.resolve("cur"))) {
      for (int i = 0; i < names.length; i++) {
        if ((i & 1) == 0) {
          done += news.unlink(names[i]) ? 1 : 0;
        } else {
          done += news.renameTo(names[i], cur, names[i] + ":2,") ? 1 : 0;
        }
      }
    }
    return done;
  }
}
