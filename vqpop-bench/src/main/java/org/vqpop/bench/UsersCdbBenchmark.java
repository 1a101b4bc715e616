package org.vqpop.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.vqpop.address.UserName;
import org.vqpop.domain.FileFormatException;
import org.vqpop.qmail.AssignEntry;
import org.vqpop.qmail.UsersAssign;
import org.vqpop.qmail.UsersCdb;

/**
 * qmail's {@code users/assign} of 1,000,000 POP users compiled into {@code users/cdb}, as
 * qmail-newu does it (write, fsync, rename). The lines are those {@code vqpop} writes for a domain
 * without prefix: {@code +user-:vpop:89:89:/var/vqpop/example.com/u/user:-::}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class UsersCdbBenchmark {
  static final int LINES = 1_000_000;

  Path dir;
  Path assign;
  Path cdb;
  List<AssignEntry> entries;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Fixtures.scratch("users");
    assign = dir.resolve("assign");
    cdb = dir.resolve("cdb");
    entries = new ArrayList<>(LINES);
    for (String n : Names.generate(LINES, 1, false)) {
      UserName u = UserName.of(n);
      entries.add(AssignEntry.wildcard(n + "-", "vpop", 89, 89,
          Fixtures.DOMAIN_DIR.resolve(u.hashDirectory()).resolve(n)));
    }
    try (Writer w = Files.newBufferedWriter(assign, StandardCharsets.UTF_8)) {
      UsersAssign.write(w, "", entries);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Fixtures.delete(dir);
  }

  @Benchmark
  public Path compile1M() throws IOException, FileFormatException {
    UsersCdb.compile(assign, cdb);
    return cdb;
  }

  /** Writing the {@code users/assign} text itself (no fsync), the step before the compile. */
  @Benchmark
  public Path writeAssign1M() throws IOException {
    Path out = dir.resolve("assign.out");
    try (Writer w = new java.io.BufferedWriter(
        new java.io.OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
      UsersAssign.write(w, "", entries);
    }
    return out;
  }
}
