package org.vqpop.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
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
import org.vqpop.cdb.CdbReader;
import org.vqpop.cdb.CdbWriter;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserRecordCodec;
import org.vqpop.fs.FileOwner;

/**
 * A domain's {@code poppasswd.cdb} of 1,000,000 users: rebuilding it (write, fsync, rename) and
 * looking users up in it. Keys are {@code user0 .. user999999}; values are real records
 * ({@link UserRecordCodec#encode}) with a SHA512-crypt hash and a home, about 140 bytes each.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CdbBenchmark {
  static final int RECORDS = 1_000_000;

  /** The million records, encoded once, and a scratch directory for the file. */
  @State(Scope.Benchmark)
  public static class Records {
    PopUser[] users;
    Path[] homes;
    byte[][] keys;
    byte[][] values;
    Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      String[] names = Names.numbered(RECORDS);
      users = new PopUser[RECORDS];
      homes = new Path[RECORDS];
      keys = new byte[RECORDS][];
      values = new byte[RECORDS][];
      for (int i = 0; i < RECORDS; i++) {
        users[i] = Fixtures.user(names[i]);
        homes[i] = Fixtures.home(users[i]);
        keys[i] = UserRecordCodec.key(users[i].name());
        values[i] = UserRecordCodec.encode(users[i], homes[i]);
      }
      dir = Fixtures.scratch("cdb");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Fixtures.delete(dir);
    }
  }

  /** Writing and committing (fsync + rename + directory fsync) 1M pre-encoded records. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Path write1M(Records r) throws IOException {
    Path target = r.dir.resolve("poppasswd.cdb");
    try (CdbWriter w = CdbWriter.create(target, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
      for (int i = 0; i < RECORDS; i++) {
        w.add(r.keys[i], r.values[i]);
      }
      w.commit();
    }
    return target;
  }

  /** As {@link #write1M}, encoding each record from its {@link PopUser} as the rebuild does. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Path encodeAndWrite1M(Records r) throws IOException {
    Path target = r.dir.resolve("poppasswd.cdb");
    try (CdbWriter w = CdbWriter.create(target, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
      for (int i = 0; i < RECORDS; i++) {
        PopUser u = r.users[i];
        w.add(UserRecordCodec.key(u.name()), UserRecordCodec.encode(u, r.homes[i]));
      }
      w.commit();
    }
    return target;
  }

  /** A cdb of 1M records, opened once, and keys to look up in a random order. */
  @State(Scope.Thread)
  public static class Lookups {
    static final int KEYS = 1 << 16;
    Path dir;
    CdbReader reader;
    byte[][] hits = new byte[KEYS][];
    byte[][] misses = new byte[KEYS][];
    int i;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Fixtures.scratch("cdb-read");
      Path file = dir.resolve("poppasswd.cdb");
      try (CdbWriter w = CdbWriter.create(file, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
        for (int n = 0; n < RECORDS; n++) {
          PopUser u = Fixtures.user("user" + n);
          w.add(UserRecordCodec.key(u.name()), UserRecordCodec.encode(u, Fixtures.home(u)));
        }
        w.commit();
      }
      reader = CdbReader.open(file);
      SplittableRandom r = new SplittableRandom(42);
      for (int k = 0; k < KEYS; k++) {
        hits[k] = ("user" + r.nextInt(RECORDS)).getBytes(StandardCharsets.US_ASCII);
        misses[k] = ("nouser" + r.nextInt(RECORDS)).getBytes(StandardCharsets.US_ASCII);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      reader.close();
      Fixtures.delete(dir);
    }

    byte[] next(byte[][] keys) {
      i = (i + 1) & (KEYS - 1);
      return keys[i];
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public byte[] lookupHit(Lookups l) throws IOException {
    byte[] v = l.reader.get(l.next(l.hits));
    if (v == null) {
      throw new AssertionError("missing record");
    }
    return v;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public byte[] lookupMiss(Lookups l) throws IOException {
    byte[] v = l.reader.get(l.next(l.misses));
    return v == null ? EMPTY : v;
  }

  private static final byte[] EMPTY = new byte[0];
}
