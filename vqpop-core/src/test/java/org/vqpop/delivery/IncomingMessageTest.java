package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vqpop.testing.ChunkingInputStream;
import org.vqpop.wire.MessageSize;

class IncomingMessageTest {

  static String stored(IncomingMessage m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static IncomingMessage read(String text, int chunk) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return IncomingMessage.read(ChunkingInputStream.fixed(b, chunk), 0);
  }

  @Test
  void crlfBecomesLfWhateverTheReadBoundaries() throws IOException {
    String in = "A: b\r\n\r\nline\r\nbare\ncr\ronly\r\r\nend";
    for (int chunk = 1; chunk <= in.length(); chunk++) {
      IncomingMessage m = read(in, chunk);
      assertThat(stored(m)).as("chunk %d", chunk).isEqualTo("A: b\n\nline\nbare\ncr\ronly\r\nend\n");
    }
  }

  @Test
  void aCrAtTheVeryEndIsKept() throws IOException {
    assertThat(stored(read("x\r", 1))).isEqualTo("x\r\n");
  }

  @Test
  void sizesMatchWhatPop3Counts() throws IOException {
    IncomingMessage m = read("Subject: s\r\n\r\nbody\nmore\r\n", 3);
    String s = stored(m);
    assertThat(m.size()).isEqualTo(s.length());
    assertThat(m.crlfSize()).isEqualTo(MessageSize.of(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1))));
    assertThat(m.lines()).isEqualTo(4);
  }

  @Test
  void linesFromLmtp() throws IOException {
    IncomingMessage m = new IncomingMessage(0);
    byte[] a = "Subject: x".getBytes(StandardCharsets.US_ASCII);
    m.appendLine(a, 0, a.length);
    m.appendLine(a, 0, 0);
    byte[] big = "y".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
    m.appendLine(big, 0, big.length);
    m.finish();
    assertThat(stored(m)).isEqualTo("Subject: x\n\n" + "y".repeat(200_000) + "\n");
    assertThat(m.size()).isEqualTo(12 + 200_001);
  }

  @Test
  void overTheLimitKeepsNothingAndSaysSo() throws IOException {
    IncomingMessage m = new IncomingMessage(100);
    byte[] line = "x".repeat(60).getBytes(StandardCharsets.US_ASCII);
    m.appendLine(line, 0, line.length);
    assertThat(m.tooLarge()).isFalse();
    m.appendLine(line, 0, line.length);
    assertThat(m.tooLarge()).isTrue();
    assertThat(IncomingMessage.read(new ByteArrayInputStream(new byte[1000]), 999).tooLarge()).isTrue();
  }

  @Test
  void findsDeliveredToInTheHeaderOnly() throws IOException {
    IncomingMessage m = read("Received: x\nDelivered-To: JoeUser@Acme.com\nSubject: y\n\nDelivered-To: other@acme.com\n", 7);
    assertThat(m.hasDeliveredTo("joeuser@acme.com")).isTrue();
    assertThat(m.hasDeliveredTo("other@acme.com")).isFalse();
    IncomingMessage folded = read("delivered-to:\n <x@y.org>\n\n", 100);
    assertThat(folded.hasDeliveredTo("x@y.org")).isTrue();
  }

  @Test
  void lineBySizesAgreeWithPop3sCountWhateverTheLines() throws IOException {
    String[] lines = {"Subject: x", "", "ends in cr\r", "has\nlf inside", "\r", "x".repeat(70_000), "last"};
    IncomingMessage m = new IncomingMessage(0);
    for (String l : lines) {
      byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
      m.appendLine(b, 0, b.length);
    }
    m.finish();
    byte[] stored = stored(m).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(m.size()).isEqualTo(stored.length);
    assertThat(m.crlfSize()).isEqualTo(MessageSize.of(new ByteArrayInputStream(stored)));
    assertThat(m.lines()).isEqualTo(8);
  }
}
