package org.vqpop.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vqpop.testing.ChunkingInputStream;

class CheckpasswordInputTest {
  static CheckpasswordInput.Read read(String s) throws Exception {
    return CheckpasswordInput.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void readsTheThreeFieldsAndIgnoresWhatFollows() throws Exception {
    assertThat(read("joeuser\0joepass\0<1.2@host>\0extra data")).isInstanceOfSatisfying(
        CheckpasswordInput.Parsed.class, p -> {
          assertThat(p.input().login()).isEqualTo("joeuser");
          assertThat(new String(p.input().password(), StandardCharsets.ISO_8859_1)).isEqualTo("joepass");
          assertThat(p.input().timestamp()).isEqualTo("<1.2@host>");
          assertThat(p.input().toString()).doesNotContain("joepass");
        });
  }

  @Test
  void emptyFieldsAreFields() throws Exception {
    assertThat(read("\0\0\0")).isInstanceOf(CheckpasswordInput.Parsed.class);
  }

  @Test
  void missingTerminatorsAreMalformed() throws Exception {
    assertThat(read("")).isInstanceOf(CheckpasswordInput.Malformed.class);
    assertThat(read("joeuser\0joepass\0<ts>")).isInstanceOf(CheckpasswordInput.Malformed.class);
  }

  @Test
  void onlyTheFirst512BytesCount() throws Exception {
    String user = "u".repeat(508); // the third NUL would be byte 514
    assertThat(read(user + "\0pw\0ts\0")).isInstanceOf(CheckpasswordInput.Malformed.class);
    assertThat(read("u".repeat(490) + "\0pw\0ts\0" + "x".repeat(1000))).isInstanceOf(CheckpasswordInput.Parsed.class);
  }

  @Test
  void aPipeThatDeliversOneByteAtATimeIsReadWhole() throws Exception {
    byte[] in = "joeuser\0joepass\0<ts>\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(CheckpasswordInput.read(ChunkingInputStream.fixed(in, 1))).isInstanceOf(CheckpasswordInput.Parsed.class);
  }
}
