package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.testing.ChunkingInputStream;
import org.vqpop.testing.OpenFiles;
import org.vqpop.wire.MessageSize;

/**
 * Messages past the spool threshold: the same bytes, sizes and header checks as in memory, no
 * name left in the spool directory at any time, and the descriptor released when the message is
 * closed, too large or failed.
 */
class SpooledMessageTest {
  @TempDir Path dir;

  Spool spool(long threshold) {
    return new Spool(dir.resolve("spool"), threshold);
  }

  static byte[] stored(IncomingMessage m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  /** A message with CRLF lines, 8-bit bytes, long and empty lines, and a Delivered-To in the header. */
  static byte[] message(int bodyLines, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder("Delivered-To: old@example.org\r\nSubject: spool\r\n\r\n");
    for (int i = 0; i < bodyLines; i++) {
      int len = r.nextInt(i % 50 == 0 ? 5000 : 100);
      for (int k = 0; k < len; k++) {
        char c = (char) (0x20 + r.nextInt(0xff - 0x20));
        b.append(c == '\r' || c == '\n' || c == 0x7f ? 'x' : c);
      }
      b.append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  long openSpoolFiles() throws IOException {
    return OpenFiles.under(dir.resolve("spool"));
  }

  @Test
  void aSpooledMessageStoresTheSameBytesAsOneInMemoryWhateverTheReadSizes() throws IOException {
    byte[] in = message(3000, 1);
    byte[] expected = stored(IncomingMessage.read(new ByteArrayInputStream(in), 0));
    for (int chunk : new int[] {1, 7, 4096, 100_000}) {
      try (IncomingMessage m = IncomingMessage.read(ChunkingInputStream.fixed(in, chunk), 0, spool(10_000))) {
        assertThat(m.spooled()).isTrue();
        assertThat(stored(m)).as("chunk %d", chunk).isEqualTo(expected);
        assertThat(m.size()).isEqualTo(expected.length);
        assertThat(m.crlfSize()).isEqualTo(MessageSize.of(new ByteArrayInputStream(expected)));
        // Twice: once per recipient.
        assertThat(stored(m)).isEqualTo(expected);
        assertThat(m.hasDeliveredTo("old@example.org")).isTrue();
        assertThat(m.hasDeliveredTo("new@example.org")).isFalse();
      }
    }
  }

  @Test
  void linesFromLmtpSpoolTheSameWay() throws IOException {
    byte[] in = message(2000, 2);
    String text = new String(in, StandardCharsets.ISO_8859_1);
    try (IncomingMessage m = new IncomingMessage(0, spool(4096)); IncomingMessage mem = new IncomingMessage(0)) {
      for (String line : text.split("\r\n", -1)) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        m.appendLine(b, 0, b.length);
        mem.appendLine(b, 0, b.length);
      }
      m.finish();
      mem.finish();
      assertThat(m.spooled()).isTrue();
      assertThat(mem.spooled()).isFalse();
      assertThat(stored(m)).isEqualTo(stored(mem));
      assertThat(m.lines()).isEqualTo(mem.lines());
      assertThat(m.crlfSize()).isEqualTo(mem.crlfSize());
    }
  }

  @Test
  void aSmallMessageStaysInMemory() throws IOException {
    try (IncomingMessage m = IncomingMessage.read(new ByteArrayInputStream(message(10, 3)), 0, spool(1 << 20))) {
      assertThat(m.spooled()).isFalse();
    }
    assertThat(dir.resolve("spool")).doesNotExist();
  }

  @Test
  void theSpoolFileHasNoNameAndItsDescriptorGoesWithTheMessage() throws IOException {
    IncomingMessage m = IncomingMessage.read(new ByteArrayInputStream(message(3000, 4)), 0, spool(1000));
    assertThat(m.spooled()).isTrue();
    try (Stream<Path> names = Files.list(dir.resolve("spool"))) {
      assertThat(names).isEmpty();
    }
    assertThat(openSpoolFiles()).isEqualTo(1);
    m.close();
    assertThat(openSpoolFiles()).isZero();
    m.close(); // idempotent
  }

  @Test
  void aMessageOverItsLimitReleasesItsSpoolFileAtOnce() throws IOException {
    IncomingMessage m = new IncomingMessage(50_000, spool(1000));
    byte[] line = "x".repeat(999).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 10; i++) {
      m.appendLine(line, 0, line.length);
    }
    assertThat(openSpoolFiles()).isEqualTo(1);
    for (int i = 0; i < 100; i++) {
      m.appendLine(line, 0, line.length);
    }
    assertThat(m.tooLarge()).isTrue();
    assertThat(openSpoolFiles()).isZero();
    assertThat(m.size()).isEqualTo(110_000);
  }

  @Test
  void aSpoolDirectoryThatCannotBeMadeFailsTheMessageNamingIt() throws IOException {
    Files.writeString(dir.resolve("spool"), "a file, not a directory");
    try (IncomingMessage m = IncomingMessage.read(new ByteArrayInputStream(message(3000, 5)), 0, spool(1000))) {
      assertThat(m.failure()).contains(dir.resolve("spool").toString());
      assertThat(m.spooled()).isFalse();
      assertThat(m.tooLarge()).isFalse();
    }
  }

  @Test
  void sweepRemovesOldLeftoversOnly() throws IOException {
    Path d = Files.createDirectories(dir.resolve("spool"));
    Path old = Files.writeString(d.resolve("spool.1.2.3"), "left by a crash");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path fresh = Files.writeString(d.resolve("spool.4.5.6"), "just made");
    Path other = Files.writeString(d.resolve("README"), "not ours");
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    assertThat(spool(1).sweep(Duration.ofMinutes(1), Instant.now())).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
    assertThat(other).exists();
    assertThat(new Spool(dir.resolve("missing"), 1).sweep(Duration.ofMinutes(1), Instant.now())).isZero();
  }
}
