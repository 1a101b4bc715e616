package org.vqpop.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vqpop.testing.ChunkingInputStream;
import org.vqpop.wire.LineReader.BareLf;

class LineReaderTest {

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Reads everything, rendering each result as a string. */
  static List<String> all(LineReader r) throws IOException {
    List<String> out = new ArrayList<>();
    for (;;) {
      LineReader.Result res = r.read();
      switch (res) {
        case LineReader.Line l -> out.add(new String(l.bytes(), StandardCharsets.ISO_8859_1));
        case LineReader.Overlong o -> out.add("<overlong>");
        case LineReader.BareLfLine b -> out.add("<barelf>");
        case LineReader.EofMidLine e -> {
          out.add("<eof-mid-line>");
          return out;
        }
        case LineReader.Eof e -> {
          out.add("<eof>");
          return out;
        }
      }
    }
  }

  static final String SCRIPT = "USER bob\r\nPASS a b\r\n\r\nSTAT\r\nLIST 1\r\n";
  static final List<String> SCRIPT_LINES = List.of("USER bob", "PASS a b", "", "STAT", "LIST 1", "<eof>");

  @Test
  void crlfLines() throws IOException {
    assertThat(all(new LineReader(new ByteArrayInputStream(bytes(SCRIPT)), 100, BareLf.ACCEPT)))
        .isEqualTo(SCRIPT_LINES);
  }

  @Test
  void oneByteReadsAndTinyBuffer() throws IOException {
    InputStream in = ChunkingInputStream.fixed(bytes(SCRIPT), 1);
    assertThat(all(new LineReader(in, 100, BareLf.ACCEPT, 3))).isEqualTo(SCRIPT_LINES);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711})
  void randomReadSizes(long seed) throws IOException {
    StringBuilder sb = new StringBuilder();
    List<String> expected = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < 500; i++) {
      String line = "x".repeat(rnd.nextInt(60)) + i;
      sb.append(line).append("\r\n");
      expected.add(line);
    }
    expected.add("<eof>");
    InputStream in = ChunkingInputStream.random(bytes(sb.toString()), 17, seed);
    assertThat(all(new LineReader(in, 100, BareLf.ACCEPT, 16))).isEqualTo(expected);
  }

  @Test
  void overlongLineIsReportedAndSkippedToItsEnd() throws IOException {
    String input = "12345\r\n123456\r\n" + "y".repeat(5000) + "\r\nNEXT\r\n";
    LineReader r = new LineReader(ChunkingInputStream.fixed(bytes(input), 7), 5, BareLf.ACCEPT, 8);
    assertThat(all(r)).containsExactly("12345", "<overlong>", "<overlong>", "NEXT", "<eof>");
  }

  @Test
  void overlongLineIsReportedAsSoonAsTheLimitIsPassedWithoutWaitingForItsEnd() throws IOException {
    // 6 bytes and no line end: a seventh read would fail the test (a client trickling for ever).
    LineReader r = new LineReader(ChunkingInputStream.failing(bytes("abcdef"), 6), 5, BareLf.ACCEPT, 4);
    assertThat(r.read()).isInstanceOf(LineReader.Overlong.class);
    // A CR at the limit may yet start a CRLF; the byte after it decides.
    LineReader cr = new LineReader(ChunkingInputStream.failing(bytes("abcde\rx"), 7), 5, BareLf.ACCEPT, 1);
    assertThat(cr.read()).isInstanceOf(LineReader.Overlong.class);
  }

  @Test
  void theRestOfAnOverlongLineIsSkippedByTheNextRead() throws IOException {
    // LMTP data reads on after an overlong line: the next line is the one after it, with the
    // line ends of the reader's mode (a bare LF inside the skipped part does not end it with REJECT).
    String input = "x".repeat(300) + "\n" + "y".repeat(10) + "\r\r\nnext\r\n";
    assertThat(all(new LineReader(ChunkingInputStream.fixed(bytes(input), 3), 100, BareLf.REJECT, 16)))
        .containsExactly("<overlong>", "next", "<eof>");
    assertThat(all(new LineReader(ChunkingInputStream.fixed(bytes(input), 3), 100, BareLf.ACCEPT, 16)))
        .containsExactly("<overlong>", "yyyyyyyyyy\r", "next", "<eof>");
    // A whole line buffered after the overlong one's end counts as buffered; the end itself does not.
    LineReader r = new LineReader(new ByteArrayInputStream(bytes("abcdefgh\r\nNOOP\r\n")), 5, BareLf.ACCEPT);
    assertThat(r.read()).isInstanceOf(LineReader.Overlong.class);
    assertThat(r.hasBufferedLine()).isTrue();
    LineReader last = new LineReader(new ByteArrayInputStream(bytes("abcdefgh\r\nNOO")), 5, BareLf.ACCEPT);
    assertThat(last.read()).isInstanceOf(LineReader.Overlong.class);
    assertThat(last.hasBufferedLine()).isFalse();
  }

  @Test
  void crlfRightAtTheLimitIsNotOverlong() throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(bytes("abcd\r\nab\rd\r\nab\r\r\n")), 4, BareLf.ACCEPT);
    assertThat(all(r)).containsExactly("abcd", "ab\rd", "ab\r", "<eof>");
  }

  @Test
  void bareLfAccepted() throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(bytes("USER a\nPASS b\r\nQUIT\n")), 100, BareLf.ACCEPT);
    assertThat(all(r)).containsExactly("USER a", "PASS b", "QUIT", "<eof>");
  }

  @Test
  void bareLfRejectedDoesNotEndTheLine() throws IOException {
    // The smuggling shape: "\n.\n" must not look like an end of data.
    LineReader r =
        new LineReader(new ByteArrayInputStream(bytes("text\n.\nMAIL FROM:<x>\r\nok\r\n")), 100, BareLf.REJECT);
    assertThat(all(r)).containsExactly("<barelf>", "ok", "<eof>");
  }

  @Test
  void eofMidLineIsDistinct() throws IOException {
    assertThat(all(new LineReader(new ByteArrayInputStream(bytes("QUIT\r\nQU")), 100, BareLf.ACCEPT)))
        .containsExactly("QUIT", "<eof-mid-line>");
    assertThat(all(new LineReader(new ByteArrayInputStream(bytes("QUIT\r")), 100, BareLf.ACCEPT)))
        .containsExactly("<eof-mid-line>");
    assertThat(all(new LineReader(new ByteArrayInputStream(new byte[0]), 100, BareLf.ACCEPT)))
        .containsExactly("<eof>");
  }

  @Test
  void exceptionMidStreamPropagatesAfterCompleteLines() throws IOException {
    LineReader r = new LineReader(ChunkingInputStream.failing(bytes("STAT\r\nLIST\r\n"), 8), 100, BareLf.ACCEPT);
    assertThat(r.read()).isInstanceOfSatisfying(LineReader.Line.class, l -> assertThat(l.bytes()).isEqualTo(bytes("STAT")));
    assertThatThrownBy(r::read).isInstanceOf(IOException.class).hasMessageContaining("reset");
  }

  @Test
  void hasBufferedTellsAboutPipelinedBytes() throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(bytes("STLS\r\nUSER evil\r\n")), 100, BareLf.ACCEPT);
    assertThat(r.read()).isInstanceOf(LineReader.Line.class);
    assertThat(r.hasBuffered()).isTrue();
    LineReader clean = new LineReader(ChunkingInputStream.fixed(bytes("STLS\r\nUSER a\r\n"), 6), 100, BareLf.ACCEPT);
    assertThat(clean.read()).isInstanceOf(LineReader.Line.class);
    assertThat(clean.hasBuffered()).isFalse();
  }

  @Test
  void highBytesAreKept() throws IOException {
    byte[] in = {'P', 'A', 'S', 'S', ' ', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, '\r', '\n'};
    LineReader.Result r = new LineReader(new ByteArrayInputStream(in), 100, BareLf.ACCEPT).read();
    assertThat(((LineReader.Line) r).bytes()).hasSize(8).endsWith((byte) 0xff, (byte) 0xc3, (byte) 0xa9);
  }
}
