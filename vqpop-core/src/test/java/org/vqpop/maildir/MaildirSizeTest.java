package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirSizeTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  @TempDir Path dir;

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  void put(String sub, String name, int size) throws IOException {
    Files.write(dir.resolve(sub).resolve(name), new byte[size]);
  }

  @Test
  void scanTakesSizesFromTheNameElseFromTheFile() throws IOException {
    put("new", "1.M1P1Q1.h,S=1000,W=1020", 10);
    put("cur", "2.M1P1Q1.h:2,S", 30);
    put("cur", ".hidden", 99);
    put("tmp", "3.x", 99);
    assertThat(MaildirSize.scan(dir)).isEqualTo(new MaildirSize.Usage(1030, 2));
  }

  @Test
  void recalculatesWhenMissingAndWritesTheDefinition() throws IOException {
    put("new", "a", 10);
    Quota q = new Quota(1000, 5);
    assertThat(MaildirSize.usage(dir, q)).isEqualTo(new MaildirSize.Usage(10, 1));
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("1000S,5C\n10 1\n");
    assertThat(Files.list(dir.resolve("tmp")).count()).isZero();
  }

  @Test
  void sumsTheLinesAndRecalculatesForAnotherDefinition() throws IOException {
    Files.writeString(dir.resolve("maildirsize"), "1000S\n100 2\n  50   1\n-20 -1\n");
    assertThat(MaildirSize.usage(dir, new Quota(1000, 0))).isEqualTo(new MaildirSize.Usage(130, 2));
    // Another quota: the file is not trusted and recomputed from the (empty) Maildir.
    assertThat(MaildirSize.usage(dir, new Quota(2000, 0))).isEqualTo(new MaildirSize.Usage(0, 0));
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("2000S\n0 0\n");
  }

  @Test
  void garbageOrAnOversizedFileIsRecomputed() throws IOException {
    put("new", "a", 7);
    Files.writeString(dir.resolve("maildirsize"), "1000S\nnot numbers\n");
    assertThat(MaildirSize.usage(dir, new Quota(1000, 0))).isEqualTo(new MaildirSize.Usage(7, 1));
    Files.writeString(dir.resolve("maildirsize"), "1000S\n" + "1 0\n".repeat(2000));
    assertThat(MaildirSize.usage(dir, new Quota(1000, 0))).isEqualTo(new MaildirSize.Usage(7, 1));
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("1000S\n7 1\n");
  }

  @Test
  void overQuotaRecountsAStaleFileBeforeRefusing() throws IOException {
    // The file says full, but the messages were removed by something that does not keep it.
    Files.writeString(dir.resolve("maildirsize"), "100S\n95 1\n");
    Files.setLastModifiedTime(dir.resolve("maildirsize"), FileTime.from(NOW.minusSeconds(16 * 60)));
    assertThat(MaildirSize.check(dir, new Quota(100, 0), 10, NOW).allowed()).isTrue();
    // Fresh and full: refused without recounting.
    Files.writeString(dir.resolve("maildirsize"), "100S\n95 1\n");
    assertThat(MaildirSize.check(dir, new Quota(100, 0), 10, NOW.minusSeconds(60)).allowed()).isFalse();
  }

  @Test
  void addAppendsOnlyWhenTheFileExists() throws IOException {
    MaildirSize.add(dir, 10, 1);
    assertThat(dir.resolve("maildirsize")).doesNotExist();
    Files.writeString(dir.resolve("maildirsize"), "100S\n0 0\n");
    MaildirSize.add(dir, 10, 1);
    MaildirSize.add(dir, -4, -1);
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("100S\n0 0\n10 1\n-4 -1\n");
  }

  @Test
  void quotaParsing() {
    assertThat(Quota.parse("100M")).isEqualTo(new Quota(100L << 20, 0));
    assertThat(Quota.parse("100M,5000")).isEqualTo(new Quota(100L << 20, 5000));
    assertThat(Quota.parse("104857600S,5000C")).isEqualTo(new Quota(104857600, 5000));
    assertThat(Quota.parse("5000C")).isEqualTo(new Quota(0, 5000));
    assertThat(Quota.parse("none")).isEqualTo(Quota.NONE);
    assertThat(Quota.parse("0")).isEqualTo(Quota.NONE);
    assertThat(new Quota(104857600, 5000).definition()).isEqualTo("104857600S,5000C");
    assertThat(new Quota(0, 7).orElse(new Quota(9, 9))).isEqualTo(new Quota(9, 7));
    assertThatThrownBy(() -> Quota.parse("lots")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lots");
    assertThatThrownBy(() -> Quota.parse("1M,2,3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quota.parse("-5M")).isInstanceOf(IllegalArgumentException.class);
  }
}
