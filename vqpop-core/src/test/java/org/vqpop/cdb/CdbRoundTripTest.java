package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vqpop.cdb.Records.bytes;
import static org.vqpop.cdb.Records.rec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vqpop.cdb.Records.Rec;

class CdbRoundTripTest {
  @TempDir Path dir;

  @Test
  void hashIsDjbs() {
    assertThat(CdbFormat.hash(new byte[0])).isEqualTo(5381);
    // Worked by hand: (5381 * 33) ^ 'a' = 177573 ^ 97 = 177604.
    assertThat(CdbFormat.hash(bytes("a"))).isEqualTo(177604);
    // Bytes are unsigned: 0xFF adds 255, not -1.
    assertThat(CdbFormat.hash(new byte[] {(byte) 0xff})).isEqualTo((5381 * 33) ^ 255);
    // 32-bit wrap-around, checked against an independent long computation.
    byte[] key = bytes("a rather long key that overflows 32 bits many times");
    long h = 5381;
    for (byte b : key) {
      h = (((h << 5) + h) ^ (b & 0xff)) & 0xffffffffL;
    }
    assertThat(CdbFormat.hash(key)).isEqualTo((int) h);
  }

  @Test
  void emptyDatabase() throws IOException {
    Path file = Records.write(dir.resolve("empty.cdb"), List.of());
    assertThat(Files.size(file)).isEqualTo(2048);
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < 256; t++) {
      assertThat(header.getInt(8 * t)).as("table %d position", t).isEqualTo(2048);
      assertThat(header.getInt(8 * t + 4)).as("table %d slots", t).isZero();
    }
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(bytes("x"))).isNull();
      assertThat(r.get(new byte[0])).isNull();
      assertThat(r.getAll(bytes("x"))).isEmpty();
      assertThat(Records.readAll(r)).isEmpty();
      assertThat(r.path()).isEqualTo(file);
    }
  }

  @Test
  void emptyKeyAndEmptyValue() throws IOException {
    List<Rec> recs = List.of(rec("", "value of the empty key"), rec("k", ""), rec("", ""));
    Path file = Records.write(dir.resolve("e.cdb"), recs);
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(new byte[0])).isEqualTo(bytes("value of the empty key"));
      assertThat(r.getAll(new byte[0])).containsExactly(bytes("value of the empty key"), new byte[0]);
      assertThat(r.get(bytes("k"))).isEmpty();
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
    }
  }

  @Test
  void binaryKeysAndValues() throws IOException {
    byte[] k1 = {0, 0, 0};
    byte[] k2 = {(byte) 0xff, 0, (byte) 0xff, '\n'};
    byte[] k3 = {0};
    byte[] v1 = {(byte) 0xff, (byte) 0xfe, 0, 1, '\r', '\n'};
    byte[] v2 = new byte[256];
    for (int i = 0; i < 256; i++) {
      v2[i] = (byte) i;
    }
    List<Rec> recs = List.of(new Rec(k1, v1), new Rec(k2, v2), new Rec(k3, new byte[] {0}));
    Path file = Records.write(dir.resolve("bin.cdb"), recs);
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(k1)).isEqualTo(v1);
      assertThat(r.get(k2)).isEqualTo(v2);
      assertThat(r.get(k3)).isEqualTo(new byte[] {0});
      assertThat(r.get(new byte[] {0, 0})).isNull();
      assertThat(r.get(new byte[] {(byte) 0xff, 0, (byte) 0xff})).isNull();
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
    }
  }

  @Test
  void duplicateKeysComeBackInInsertionOrder() throws IOException {
    List<Rec> recs = new ArrayList<>();
    // Interleave the duplicates with enough other keys that they share tables and probe chains.
    for (int i = 0; i < 2000; i++) {
      recs.add(rec("dup", "v" + i));
      recs.add(rec("other" + i, "o" + i));
      if (i % 3 == 0) {
        recs.add(rec("third", "t" + i));
      }
    }
    Path file = Records.write(dir.resolve("dup.cdb"), recs);
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(bytes("dup"))).isEqualTo(bytes("v0"));
      List<byte[]> dups = r.getAll(bytes("dup"));
      assertThat(dups).hasSize(2000);
      for (int i = 0; i < 2000; i++) {
        assertThat(dups.get(i)).isEqualTo(bytes("v" + i));
      }
      List<byte[]> third = r.getAll(bytes("third"));
      assertThat(third).hasSize(667);
      assertThat(third.get(666)).isEqualTo(bytes("t1998"));
      assertThat(r.getAll(bytes("other7"))).containsExactly(bytes("o7"));
    }
  }

  @Test
  void hundredThousandRandomRecords() throws IOException {
    List<Rec> recs = Records.random(42, 100_000);
    Path file = Records.write(dir.resolve("big.cdb"), recs);
    try (CdbReader r = CdbReader.open(file)) {
      for (Rec rec : recs) {
        assertThat(r.get(rec.key())).isEqualTo(rec.value());
      }
      Random rnd = new Random(7);
      for (int i = 0; i < 10_000; i++) {
        byte[] absent = new byte[rnd.nextInt(20)];
        rnd.nextBytes(absent);
        // No record's key starts with '~'.
        absent = Records.concat(bytes("~"), absent);
        assertThat(r.get(absent)).isNull();
        assertThat(r.getAll(absent)).isEmpty();
      }
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 7, 10})
  void readsAcrossMappingChunks(int chunkShift) throws IOException {
    // Chunks of 8..1024 bytes put numbers, keys and values across chunk boundaries, as 1 GiB
    // chunks do in files over 1 GiB.
    List<Rec> recs = new ArrayList<>(Records.random(3, 300));
    recs.add(rec("dup", "first"));
    recs.add(rec("dup", "second"));
    Path file = Records.write(dir.resolve("chunks.cdb"), recs);
    try (CdbReader r = CdbReader.open(file, chunkShift)) {
      for (Rec rec : recs.subList(0, 300)) {
        assertThat(r.get(rec.key())).isEqualTo(rec.value());
      }
      assertThat(r.getAll(bytes("dup"))).containsExactly(bytes("first"), bytes("second"));
      assertThat(r.get(bytes("absent"))).isNull();
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
    }
  }

  @Test
  void valuesLargerThanTheWriteBuffer() throws IOException {
    byte[] big = new byte[3 * (1 << 20) + 17];
    new Random(1).nextBytes(big);
    List<Rec> recs = List.of(rec("a", "small"), new Rec(bytes("big"), big), new Rec(big, bytes("x")));
    Path file = Records.write(dir.resolve("large.cdb"), recs);
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(bytes("big"))).isEqualTo(big);
      assertThat(r.get(big)).isEqualTo(bytes("x"));
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
    }
  }

  @Test
  void oneReaderServesManyThreads() throws Exception {
    List<Rec> recs = Records.random(9, 20_000);
    Path file = Records.write(dir.resolve("mt.cdb"), recs);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (CdbReader r = CdbReader.open(file)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          int found = 0;
          // Each thread looks up every record, starting at a different place.
          for (int j = 0; j < recs.size(); j++) {
            Rec rec = recs.get((j + offset * 5000) % recs.size());
            if (java.util.Arrays.equals(r.get(rec.key()), rec.value())) {
              found++;
            }
          }
          return found;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(recs.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closedReaderRefusesLookups() throws IOException {
    Path file = Records.write(dir.resolve("c.cdb"), List.of(rec("k", "v")));
    CdbReader r = CdbReader.open(file);
    r.close();
    r.close();
    org.assertj.core.api.Assertions.assertThatIOException()
        .isThrownBy(() -> r.get(bytes("k")))
        .withMessageContaining(file.toString())
        .withMessageContaining("closed");
  }
}
