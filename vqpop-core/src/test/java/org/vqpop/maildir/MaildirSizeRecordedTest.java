package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@code maildirsize} that the POP3 commit and the admin report rely on. */
class MaildirSizeRecordedTest {
  @TempDir Path dir;

  static final Quota Q = new Quota(10000, 100);

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  Path file() {
    return dir.resolve(MaildirSize.FILE);
  }

  @Test
  void recordedSumsTheLinesForItsOwnDefinitionOnly() throws IOException {
    Files.writeString(file(), "10000S,100C\n1300 4\n-1246 -2\n");
    assertThat(MaildirSize.recorded(dir, Q)).isEqualTo(new MaildirSize.Usage(54, 2));
    assertThat(MaildirSize.recorded(dir, new Quota(10000, 0))).isNull();
  }

  @Test
  void recordedWritesNothing() throws IOException {
    assertThat(MaildirSize.recorded(dir, Q)).isNull();
    assertThat(file()).doesNotExist();
    Files.writeString(file(), "10000S,100C\nnot numbers\n");
    assertThat(MaildirSize.recorded(dir, Q)).isNull();
    assertThat(Files.readString(file())).isEqualTo("10000S,100C\nnot numbers\n");
  }

  @Test
  void addAppendsToAnExistingFileAndCreatesNone() throws IOException {
    MaildirSize.add(dir, -5, -1);
    assertThat(file()).doesNotExist();
    Files.writeString(file(), "10000S,100C\n10 2\n");
    MaildirSize.add(dir, -5, -1);
    assertThat(Files.readString(file())).isEqualTo("10000S,100C\n10 2\n-5 -1\n");
  }

  @Test
  void scanTakesSizesFromTheNameElseTheFileAndSkipsDotFiles() throws IOException {
    Files.writeString(dir.resolve("new/1700000000.M1P1Q1.host,S=1234,W=1260"), "x\n");
    Files.writeString(dir.resolve("cur/1700000001.M1P1Q2.host:2,S"), "0123456789");
    Files.writeString(dir.resolve("cur/.hidden"), "ignored");
    assertThat(MaildirSize.scan(dir)).isEqualTo(new MaildirSize.Usage(1244, 2));
    assertThat(file()).doesNotExist();
  }

  @Test
  void usageRecalculatesAMismatchedFile() throws IOException {
    Files.writeString(file(), "1S\n999 999\n");
    Files.writeString(dir.resolve("new/1.a.host,S=7"), "x\n");
    assertThat(MaildirSize.usage(dir, Q)).isEqualTo(new MaildirSize.Usage(7, 1));
    assertThat(Files.readString(file())).isEqualTo("10000S,100C\n7 1\n");
  }
}
