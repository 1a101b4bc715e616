package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.wire.MessageSize;

class MaildirDelivererTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123456Z");
  @TempDir Path dir;
  MaildirDeliverer deliverer = new MaildirDeliverer("mx1.example.org", Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  static MessageBody body(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return new MessageBody() {
      @Override
      public long storedSize() {
        return b.length;
      }

      @Override
      public long crlfSize() {
        try {
          return MessageSize.of(new ByteArrayInputStream(b));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(b);
      }
    };
  }

  List<String> names(String sub) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(sub))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void deliversIntoNewWithSizesInTheNameAndNothingLeftInTmp() throws IOException {
    String text = "Subject: hi\n\nline one\nline two\n";
    MaildirDeliverer.Result r = deliverer.deliver(dir, body(text), Quota.NONE);
    assertThat(r).isInstanceOf(MaildirDeliverer.Delivered.class);
    String name = ((MaildirDeliverer.Delivered) r).name();
    assertThat(names("new")).containsExactly(name);
    assertThat(names("tmp")).isEmpty();
    assertThat(name).startsWith(NOW.getEpochSecond() + ".M123456P" + ProcessHandle.current().pid() + "Q")
        .endsWith(".mx1.example.org,S=" + text.length() + ",W=" + (text.length() + 4));
    assertThat(Files.readString(dir.resolve("new").resolve(name), StandardCharsets.ISO_8859_1)).isEqualTo(text);
    assertThat(Files.getPosixFilePermissions(dir.resolve("new").resolve(name)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // The POP3 side takes its size from ,W= without reading the file.
    assertThat(MaildirScan.sizeFromName(name)).isEqualTo(text.length() + 4L);
    assertThat(MaildirSize.storedSizeFromName(name)).isEqualTo((long) text.length());
  }

  @Test
  void everyDeliveryGetsItsOwnName() throws IOException {
    for (int i = 0; i < 50; i++) {
      assertThat(deliverer.deliver(dir, body("m" + i + "\n"), Quota.NONE)).isInstanceOf(MaildirDeliverer.Delivered.class);
    }
    assertThat(names("new")).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void hostNameCharactersThatMaildirReservesAreEncoded() {
    assertThat(MaildirDeliverer.encodeHost("a/b:c")).isEqualTo("a\\057b\\072c");
    assertThat(MaildirDeliverer.encodeHost("")).isEqualTo("localhost");
  }

  @Test
  void overQuotaWritesNothing() throws IOException {
    Quota q = new Quota(100, 0);
    assertThat(deliverer.deliver(dir, body("x".repeat(60) + "\n"), q)).isInstanceOf(MaildirDeliverer.Delivered.class);
    MaildirDeliverer.Result r = deliverer.deliver(dir, body("y".repeat(60) + "\n"), q);
    assertThat(r).isInstanceOf(MaildirDeliverer.OverQuota.class);
    assertThat(((MaildirDeliverer.OverQuota) r).usage()).isEqualTo(new MaildirSize.Usage(61, 1));
    assertThat(names("new")).hasSize(1);
    assertThat(names("tmp")).isEmpty();
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("100S\n0 0\n61 1\n");
  }

  @Test
  void messageCountQuota() throws IOException {
    Quota q = new Quota(0, 2);
    assertThat(deliverer.deliver(dir, body("a\n"), q)).isInstanceOf(MaildirDeliverer.Delivered.class);
    assertThat(deliverer.deliver(dir, body("b\n"), q)).isInstanceOf(MaildirDeliverer.Delivered.class);
    assertThat(deliverer.deliver(dir, body("c\n"), q)).isInstanceOf(MaildirDeliverer.OverQuota.class);
    assertThat(Files.readString(dir.resolve("maildirsize"))).isEqualTo("2C\n0 0\n2 1\n2 1\n");
  }

  @Test
  void aBodyThatWritesOtherThanItsSizeFailsAndLeavesNothing() throws IOException {
    MessageBody liar = new MessageBody() {
      @Override
      public long storedSize() {
        return 10;
      }

      @Override
      public long crlfSize() {
        return 12;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write("short\n".getBytes(StandardCharsets.US_ASCII));
      }
    };
    assertThat(deliverer.deliver(dir, liar, Quota.NONE)).isInstanceOf(MaildirDeliverer.Failed.class);
    assertThat(names("new")).isEmpty();
    assertThat(names("tmp")).isEmpty();
  }

  @Test
  void aBodyThatThrowsFailsAndLeavesNothing() throws IOException {
    MessageBody broken = new MessageBody() {
      @Override
      public long storedSize() {
        return 10;
      }

      @Override
      public long crlfSize() {
        return 12;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write("12345".getBytes(StandardCharsets.US_ASCII));
        throw new IOException("No space left on device");
      }
    };
    MaildirDeliverer.Result r = deliverer.deliver(dir, broken, Quota.NONE);
    assertThat(r).isInstanceOf(MaildirDeliverer.Failed.class);
    assertThat(((MaildirDeliverer.Failed) r).detail()).contains("No space left on device");
    assertThat(names("new")).isEmpty();
    assertThat(names("tmp")).isEmpty();
  }

  @Test
  void notAMaildirIsAFailure() throws IOException {
    Path other = dir.resolve("nothing");
    assertThat(deliverer.deliver(other, body("a\n"), Quota.NONE)).isInstanceOf(MaildirDeliverer.Failed.class);
    assertThat(Files.exists(other)).isFalse();
  }

  @Test
  void deliveredFileIsReadBackByThePop3MailboxWithTheSameSize() throws IOException {
    String text = "Subject: x\n\n.dot line\r\nbare lf\n";
    deliverer.deliver(dir, body(text), Quota.NONE);
    Clock later = Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(2));
    var opened = (org.vqpop.store.OpenResult.Opened) MaildirMailbox.open(dir, later);
    try (var m = opened.mailbox()) {
      assertThat(m.count()).isEqualTo(1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var in = m.open(0)) {
        in.transferTo(out);
      }
      assertThat(m.info(0).size()).isEqualTo(MessageSize.of(new ByteArrayInputStream(out.toByteArray())));
    }
  }
}
