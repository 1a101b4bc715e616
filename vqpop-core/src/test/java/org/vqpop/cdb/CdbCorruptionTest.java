package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.fail;
import static org.vqpop.cdb.Records.bytes;
import static org.vqpop.cdb.Records.rec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cdb.Records.Rec;

/**
 * Corrupt and truncated files: the reader must answer with an IOException that names the file,
 * never another exception, and never loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CdbCorruptionTest {
  @TempDir Path dir;
  private List<Rec> recs;
  private byte[] good;

  @BeforeEach
  void writeGoodFile() throws IOException {
    recs = new ArrayList<>(Records.random(5, 60));
    recs.add(rec("dup", "a"));
    recs.add(rec("dup", "b"));
    good = Files.readAllBytes(Records.write(dir.resolve("good.cdb"), recs));
  }

  @Test
  void truncatedFilesAreRefusedAtOpen() throws IOException {
    Path file = Files.write(dir.resolve("poppasswd.cdb"), good);
    // Cut from the end down to an empty file: byte by byte through the hash tables and around
    // the header's end and start, in steps of 13 bytes through the records (each cut costs a
    // truncate on disk).
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int len = good.length - 1; len >= 0; len--) {
        boolean everyByte = len > good.length - 700 || Math.abs(len - 2048) < 40 || len < 64;
        if (!everyByte && len % 13 != 0) {
          continue;
        }
        ch.truncate(len);
        try (CdbReader r = CdbReader.open(file)) {
          fail("truncated to " + len + " bytes, yet opened: " + r.path());
        } catch (IOException e) {
          // The last non-empty hash table ends at the end of the file, so any cut reaches it.
          assertThat(e.getMessage()).as("truncated to %d bytes", len)
              .startsWith(file + ": truncated: ");
        }
      }
    }
  }

  @Test
  void headerPointingPastEndOfFile() throws IOException {
    byte[] bad = good.clone();
    int t = firstNonEmptyTable(bad);
    le(bad).putInt(8 * t, bad.length - 8);
    Path file = Files.write(dir.resolve("poppasswd.cdb"), bad);
    assertThatIOException().isThrownBy(() -> CdbReader.open(file))
        .withMessage("%s: truncated: hash table %d points past end of file (offset %d, %d slots,"
            + " size %d)", file, t, bad.length - 8, le(bad).getInt(8 * t + 4), bad.length);
  }

  @Test
  void hugeSlotCount() throws IOException {
    byte[] bad = good.clone();
    le(bad).putInt(8 * 7 + 4, -1);
    Path file = Files.write(dir.resolve("slots.cdb"), bad);
    assertThatIOException().isThrownBy(() -> CdbReader.open(file))
        .withMessageContaining(file.toString()).withMessageContaining("4294967295 slots");
  }

  @Test
  void hashTableOverlappingTheHeader() throws IOException {
    byte[] bad = good.clone();
    int t = firstNonEmptyTable(bad);
    le(bad).putInt(8 * t, 16);
    Path file = Files.write(dir.resolve("overlap.cdb"), bad);
    assertThatIOException().isThrownBy(() -> CdbReader.open(file))
        .withMessageContaining(file.toString()).withMessageContaining("overlaps");
  }

  @Test
  void dataLengthPastEndOfFile() throws IOException {
    byte[] bad = good.clone();
    Rec first = recs.get(0);
    le(bad).putInt(2048 + 4, Integer.MAX_VALUE); // the first record's data length
    Path file = Files.write(dir.resolve("dlen.cdb"), bad);
    try (CdbReader r = CdbReader.open(file)) {
      assertThatIOException().isThrownBy(() -> r.get(first.key()))
          .withMessageStartingWith(file + ": corrupt: record at offset 2048")
          .withMessageContaining("runs past");
      assertThatIOException().isThrownBy(() -> r.forEach((k, v) -> { }))
          .withMessageContaining(file.toString());
      // Other records still work.
      assertThat(r.get(recs.get(1).key())).isEqualTo(recs.get(1).value());
    }
  }

  @Test
  void keyLengthPastEndOfFile() throws IOException {
    byte[] bad = good.clone();
    le(bad).putInt(2048, -2); // 4294967294
    Path file = Files.write(dir.resolve("klen.cdb"), bad);
    try (CdbReader r = CdbReader.open(file)) {
      // Its length differs from the key's, so a lookup just does not match it, as in cdb.c.
      assertThat(r.get(recs.get(0).key())).isNull();
      assertThatIOException().isThrownBy(() -> r.forEach((k, v) -> { }))
          .withMessageContaining(file.toString())
          .withMessageContaining("key length 4294967294");
    }
  }

  @Test
  void slotPointingPastTheRecords() throws IOException {
    byte[] bad = good.clone();
    ByteBuffer b = le(bad);
    // Point every slot of every table past the end of the file.
    for (int t = 0; t < 256; t++) {
      int pos = b.getInt(8 * t);
      int slots = b.getInt(8 * t + 4);
      for (int s = 0; s < slots; s++) {
        if (b.getInt(pos + 8 * s + 4) != 0) {
          b.putInt(pos + 8 * s + 4, bad.length + 100);
        }
      }
    }
    Path file = Files.write(dir.resolve("slot.cdb"), bad);
    try (CdbReader r = CdbReader.open(file)) {
      assertThatIOException().isThrownBy(() -> r.get(recs.get(0).key()))
          .withMessageContaining(file.toString())
          .withMessageContaining("outside the records");
    }
  }

  @Test
  void fullTablesWithoutEmptySlotDoNotLoop() throws IOException {
    // Every table is the same 4 slots, all used, all with the hash of "key" and all pointing to
    // a record "kez" of the same length: every probe compares and fails, and then it must stop.
    ByteBuffer b = ByteBuffer.allocate(2048 + 8 + 3 + 1 + 4 * 8).order(ByteOrder.LITTLE_ENDIAN);
    int tablePos = 2048 + 12;
    for (int t = 0; t < 256; t++) {
      b.putInt(tablePos).putInt(4);
    }
    b.putInt(3).putInt(1).put(bytes("kez")).put((byte) 'v');
    for (int s = 0; s < 4; s++) {
      b.putInt(CdbFormat.hash(bytes("key"))).putInt(2048);
    }
    Path file = Files.write(dir.resolve("full.cdb"), b.array());
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(r.get(bytes("key"))).isNull();
      assertThat(r.getAll(bytes("key"))).isEmpty();
      assertThat(r.get(bytes("other"))).isNull();
      assertThat(r.get(bytes("kez"))).isNull(); // its hash is in no slot
    }
  }

  @Test
  void randomDamageGivesOnlyIoExceptions() throws IOException {
    Random rnd = new Random(2024);
    Path file = dir.resolve("fuzz.cdb");
    int failures = 0;
    for (int round = 0; round < 1000; round++) {
      byte[] bad = good.clone();
      int damage = 1 + rnd.nextInt(8);
      for (int i = 0; i < damage; i++) {
        // Half the time hit a length field or header entry, where damage matters most.
        int at = rnd.nextBoolean() ? rnd.nextInt(bad.length) : 2048 + rnd.nextInt(64);
        bad[at] = (byte) rnd.nextInt(256);
      }
      if (rnd.nextInt(4) == 0) {
        bad = Arrays.copyOf(bad, rnd.nextInt(bad.length));
      }
      Files.write(file, bad);
      // Chunks of 64 bytes to 1 GiB, so damage also lands on chunk seams.
      try (CdbReader r = CdbReader.open(file, 6 + rnd.nextInt(25))) {
        for (Rec rec : recs) {
          r.getAll(rec.key());
          r.get(rec.key());
        }
        r.forEach((k, v) -> { });
      } catch (IOException e) {
        failures++;
        assertThat(e.getMessage()).as("round %d", round).startsWith(file + ": ");
      } catch (RuntimeException e) {
        fail("round " + round + ": " + e, e);
      }
    }
    assertThat(failures).as("damaged files detected").isGreaterThan(50);
  }

  @Test
  void notARegularFile() throws IOException {
    assertThatIOException().isThrownBy(() -> CdbReader.open(dir))
        .withMessageStartingWith(dir + ": not a regular file"); // "... but a directory"
    assertThatIOException().isThrownBy(() -> CdbReader.open(dir.resolve("absent.cdb")))
        .withMessageContaining("absent.cdb");
  }

  @Test
  void fifoIsRefusedWithoutBlocking() throws IOException {
    Path fifo = dir.resolve("fifo.cdb");
    Assumptions.assumeTrue(
        ExternalTools.run(List.of("mkfifo", fifo.toString()), new byte[0]).exit() == 0,
        "mkfifo failed");
    assertThatIOException().isThrownBy(() -> CdbReader.open(fifo))
        .withMessageStartingWith(fifo + ": not a regular file");
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int firstNonEmptyTable(byte[] file) {
    for (int t = 0; t < 256; t++) {
      if (le(file).getInt(8 * t + 4) != 0) {
        return t;
      }
    }
    throw new AssertionError("no table in use");
  }
}
