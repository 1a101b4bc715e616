package org.vqpop.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqpop.testing.ChunkingInputStream;

class MessageWriterTest {
  static final byte[] STATUS = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

  static String write(String msg, long top) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MessageWriter()
        .writeMessage(STATUS, new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)), top, out);
    String s = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(s).startsWith("+OK\r\n").endsWith(".\r\n");
    return s.substring(5);
  }

  static long size(String msg) throws IOException {
    return MessageSize.of(new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void dotStuffing() throws IOException {
    assertThat(write("a\n.b\n..c\n.\nd\n", MessageWriter.WHOLE))
        .isEqualTo("a\r\n..b\r\n...c\r\n..\r\nd\r\n.\r\n");
    assertThat(write(".\n", MessageWriter.WHOLE)).isEqualTo("..\r\n.\r\n");
    assertThat(write("x\r\n.", MessageWriter.WHOLE)).isEqualTo("x\r\n..\r\n.\r\n");
  }

  @Test
  void lineEnds() throws IOException {
    assertThat(write("a\nb\n", MessageWriter.WHOLE)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(write("a\r\nb\r\n", MessageWriter.WHOLE)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(write("a\r\nb\nc\r\n", MessageWriter.WHOLE)).isEqualTo("a\r\nb\r\nc\r\n.\r\n");
    assertThat(write("a\rb\n", MessageWriter.WHOLE)).isEqualTo("a\rb\r\n.\r\n");
  }

  @Test
  void missingFinalNewlineAndEmptyMessage() throws IOException {
    assertThat(write("a\nb", MessageWriter.WHOLE)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(size("a\nb")).isEqualTo(6);
    assertThat(write("", MessageWriter.WHOLE)).isEqualTo(".\r\n");
    assertThat(size("")).isZero();
    assertThat(write("a\r", MessageWriter.WHOLE)).isEqualTo("a\r\r\n.\r\n");
    assertThat(size("a\r")).isEqualTo(4);
  }

  @Test
  void top() throws IOException {
    String msg = "H1: a\nH2: b\n\nl1\n.l2\nl3\n";
    assertThat(write(msg, 0)).isEqualTo("H1: a\r\nH2: b\r\n\r\n.\r\n");
    assertThat(write(msg, 2)).isEqualTo("H1: a\r\nH2: b\r\n\r\nl1\r\n..l2\r\n.\r\n");
    assertThat(write(msg, 3)).isEqualTo("H1: a\r\nH2: b\r\n\r\nl1\r\n..l2\r\nl3\r\n.\r\n");
    assertThat(write(msg, 100)).isEqualTo("H1: a\r\nH2: b\r\n\r\nl1\r\n..l2\r\nl3\r\n.\r\n");
    assertThat(write("H: a\r\n\r\nb1\r\nb2", 1)).isEqualTo("H: a\r\n\r\nb1\r\n.\r\n");
    assertThat(write("H: a\r\n\r\nb1\r\nb2", 5)).isEqualTo("H: a\r\n\r\nb1\r\nb2\r\n.\r\n");
    // No blank line: all of it is header.
    assertThat(write("H: a\nH: b", 0)).isEqualTo("H: a\r\nH: b\r\n.\r\n");
  }

  @Test
  void listingLinesAreStuffedAndTerminated() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MessageWriter().writeLines(STATUS, List.of("1 a", ".x", "").iterator(), out);
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n1 a\r\n..x\r\n\r\n.\r\n");
  }

  @Test
  void bigMessageIsWrittenInLargeChunks() throws IOException {
    String msg = "line of text\n".repeat(100_000);
    int[] writes = {0};
    long[] bytes = {0};
    OutputStream counting =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes[0]++;
            bytes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes[0]++;
            bytes[0] += len;
          }
        };
    new MessageWriter()
        .writeMessage(STATUS, ChunkingInputStream.fixed(msg.getBytes(StandardCharsets.US_ASCII), 4096), MessageWriter.WHOLE, counting);
    assertThat(bytes[0]).isEqualTo(5 + 1_400_000 + 3);
    assertThat(writes[0]).isLessThanOrEqualTo(1_400_008 / (60 * 1024) + 2);
  }

  /** The RFC 1939 §11 invariant: un-stuffed content without the terminator has size() octets. */
  @Test
  void sizeMatchesWhatTheClientReceives() throws IOException {
    Random rnd = new Random(20261125);
    byte[] alphabet = {'a', 'b', '.', '.', '\r', '\n', '\n', ' ', (byte) 0xe9, 0};
    for (int round = 0; round < 2000; round++) {
      byte[] msg = new byte[rnd.nextInt(300)];
      for (int i = 0; i < msg.length; i++) {
        msg[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new MessageWriter()
          .writeMessage(new byte[0], ChunkingInputStream.random(msg, 7, round), MessageWriter.WHOLE, out);
      byte[] received = unstuff(out.toByteArray());
      assertThat(received.length)
          .as("message %s", new String(msg, StandardCharsets.ISO_8859_1))
          .isEqualTo(MessageSize.of(ChunkingInputStream.random(msg, 5, round + 1)))
          .isEqualTo(MessageSize.of(new ByteArrayInputStream(msg)));
    }
  }

  /**
   * The word-at-a-time line search and the chunked copy against a plain line-by-line statement of
   * the rules, on random messages read in random pieces (lines shorter and longer than a word, CR
   * in odd places, dots at line starts, lines split across reads), for RETR and TOP.
   */
  @Test
  void matchesALineByLineStatementOfTheRules() throws IOException {
    Random rnd = new Random(1939);
    byte[] alphabet = {'a', 'b', 'c', '.', '\r', ' ', (byte) 0xe9, 0, '\n'};
    long[] tops = {MessageWriter.WHOLE, 0, 1, 2, 7};
    for (int round = 0; round < 3000; round++) {
      int lines = rnd.nextInt(20);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int l = 0; l < lines; l++) {
        int len = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(120);
        for (int i = 0; i < len; i++) {
          b.write(alphabet[rnd.nextInt(alphabet.length - (rnd.nextInt(8) == 0 ? 0 : 1))]);
        }
        if (rnd.nextInt(10) != 0) {
          b.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
        }
      }
      byte[] msg = b.toByteArray();
      long top = tops[rnd.nextInt(tops.length)];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      java.io.InputStream in = rnd.nextBoolean()
          ? ChunkingInputStream.random(msg, 1 + rnd.nextInt(40), round)
          : new ByteArrayInputStream(msg);
      new MessageWriter().writeMessage(new byte[0], in, top, out);
      assertThat(out.toString(StandardCharsets.ISO_8859_1))
          .as("message %s top %d", new String(msg, StandardCharsets.ISO_8859_1), top)
          .isEqualTo(byTheRules(new String(msg, StandardCharsets.ISO_8859_1), top));
    }
  }

  /** RFC 1939 §3 and §7, one line at a time. */
  static String byTheRules(String msg, long top) {
    StringBuilder o = new StringBuilder();
    boolean inHeader = true;
    long left = top;
    int start = 0;
    while (start < msg.length()) {
      int lf = msg.indexOf('\n', start);
      String line = lf < 0 ? msg.substring(start) : msg.substring(start, lf);
      if (lf >= 0 && line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1); // CRLF stays CRLF
      }
      if (line.startsWith(".")) {
        o.append('.');
      }
      o.append(line).append("\r\n");
      if (lf < 0) {
        break;
      }
      start = lf + 1;
      if (inHeader) {
        if (line.isEmpty()) {
          inHeader = false;
          if (left == 0) {
            break;
          }
        }
      } else if (left > 0 && --left == 0) {
        break;
      }
    }
    return o.append(".\r\n").toString();
  }

  @Test
  void findsLineFeedsAtEveryOffsetOfAWord() {
    for (int len = 0; len < 40; len++) {
      for (int at = -1; at < len; at++) {
        byte[] b = new byte[len];
        java.util.Arrays.fill(b, (byte) 0x8a); // 0x0A with the high bit set: not a LF
        if (at >= 0) {
          b[at] = '\n';
          if (at + 1 < len) {
            b[at + 1] = '\n';
          }
        }
        assertThat(MessageWriter.indexOfLf(b, 0, len)).as("len %d at %d", len, at).isEqualTo(at);
        if (at > 0) {
          assertThat(MessageWriter.indexOfLf(b, at + 1, len)).isEqualTo(at + 1 < len ? at + 1 : -1);
        }
      }
    }
  }

  /** What a client does (RFC 1939 §3): split at CRLF, stop at ".", drop one leading dot. */
  static byte[] unstuff(byte[] wire) {
    String s = new String(wire, StandardCharsets.ISO_8859_1);
    assertThat(s).endsWith("\r\n");
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    int start = 0;
    for (;;) {
      int end = s.indexOf("\r\n", start);
      String line = s.substring(start, end);
      start = end + 2;
      if (line.equals(".")) {
        assertThat(start).isEqualTo(s.length());
        return content.toByteArray();
      }
      if (line.startsWith(".")) {
        line = line.substring(1);
      }
      content.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
