package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.vqpop.cdb.Records.MODE_644;
import static org.vqpop.cdb.Records.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.fs.FileOwner;

/** The 4 GiB limit, tested through its arithmetic and through a writer with a small limit. */
class CdbSizeLimitTest {
  @TempDir Path dir;

  @Test
  void finishedSizeCountsRecordAndTwoSlotsPerRecord() {
    // 2048 header + (8 + 3 + 5) record + 2 slots * 8 bytes.
    assertThat(CdbWriter.fileSizeWith(2048, 0, 3, 5)).isEqualTo(2048 + 16 + 16);
    assertThat(CdbWriter.fileSizeWith(5000, 9, 0, 0)).isEqualTo(5000 + 8 + 10 * 16);
  }

  @Test
  void limitIsTheLargestUint32() {
    long max = CdbFormat.MAX_FILE_SIZE;
    assertThat(max).isEqualTo(4L * 1024 * 1024 * 1024 - 1);
    // A record that ends the file exactly at the limit fits; one byte more does not.
    long records = 1_000_000;
    long recordsEnd = max - 8 - 100 - (records + 1) * 16;
    assertThat(CdbWriter.checkedEnd(recordsEnd, records, 0, 100, max))
        .isEqualTo(recordsEnd + 108);
    assertThat(CdbWriter.checkedEnd(recordsEnd, records, 0, 101, max)).isEqualTo(-1);
    // Huge lengths near 2^31 do not overflow the long arithmetic.
    assertThat(CdbWriter.checkedEnd(3_000_000_000L, 5, Integer.MAX_VALUE, Integer.MAX_VALUE, max))
        .isEqualTo(-1);
  }

  @Test
  void writerStopsAtTheLimitWithAClearMessageAndStaysUsable() throws IOException {
    Path target = dir.resolve("limited.cdb");
    long limit = 2048 + (8 + 3 + 5) + 16;
    try (CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current(), limit)) {
      w.add(bytes("abc"), bytes("12345")); // exactly at the limit
      assertThatIOException()
          .isThrownBy(() -> w.add(new byte[0], new byte[0]))
          .withMessageContaining(target.toString())
          .withMessageContaining("too large")
          .withMessageContaining("record 2")
          .withMessageContaining(Long.toString(limit));
      w.commit();
    }
    assertThat(Files.size(target)).isEqualTo(limit);
    try (CdbReader r = CdbReader.open(target)) {
      assertThat(r.get(bytes("abc"))).isEqualTo(bytes("12345"));
      assertThat(r.get(new byte[0])).isNull();
    }
  }
}
