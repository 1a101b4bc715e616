package org.vqpop.qmail;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cdb.CdbReader;
import org.vqpop.domain.FileFormatException;

class UsersCdbTest {
  @TempDir Path dir;

  /** The seed's two sample users/assign lines. */
  static final String SEED = """
      +jos-:alias:15139:15102:/var/mailhome/oce.nl/j/jos:-::
      =acme-joeuser:alias:15139:15102:/var/mailhome/acme.com/a/joeuser:::
      .
      """;

  private List<String[]> compile(String assign) throws Exception {
    Path a = dir.resolve("assign");
    Files.writeString(a, assign, ISO_8859_1);
    Path cdb = dir.resolve("cdb");
    UsersCdb.compile(a, cdb);
    List<String[]> out = new ArrayList<>();
    try (CdbReader r = CdbReader.open(cdb)) {
      r.forEach((k, v) -> out.add(new String[] {new String(k, ISO_8859_1), new String(v, ISO_8859_1)}));
    }
    return out;
  }

  @Test
  void compilesTheSeedsLinesAsQmailNewuDoes() throws Exception {
    List<String[]> records = compile(SEED);
    assertThat(records).hasSize(3);
    // +prefix: key "!" + prefix, no NUL; value: six fields joined by NUL, the empty sixth ends it
    assertThat(records.get(0)).containsExactly("!jos-", "alias\00015139\00015102\000/var/mailhome/oce.nl/j/jos\000-\000");
    // =local: key "!" + local + NUL; value ends "...HOME\0\0" (empty dash, empty ext)
    assertThat(records.get(1))
        .containsExactly("!acme-joeuser\000", "alias\00015139\00015102\000/var/mailhome/acme.com/a/joeuser\000\000");
    // the last record: empty key, the last characters of the + prefixes
    assertThat(records.get(2)).containsExactly("", "-");
  }

  @Test
  void lowerCasesKeysAndCollectsEachWildcardCharacterOnce() throws Exception {
    List<String[]> records = compile("+Foo-:u:1:2:/h:-::\n+bar-:u:1:2:/h:-::\n+baz.:u:1:2:/h:-::\n=MiXed:u:1:2:/h:::\n.\n");
    assertThat(records).extracting(r -> r[0]).containsExactly("!foo-", "!bar-", "!baz.", "!mixed\000", "");
    assertThat(records.get(4)[1]).isEqualTo("-.");
  }

  @Test
  void stopsAtTheDotLine() throws Exception {
    assertThat(compile("=a:u:1:2:/h:::\n.\n=b:u:1:2:/h:::\n")).extracting(r -> r[0]).containsExactly("!a\000", "");
  }

  @Test
  void keepsTextAfterTheSixthColonOut() throws Exception {
    assertThat(compile("=a:u:1:2:/h:-:ext:trailing\n.\n").get(0)[1]).isEqualTo("u\0001\0002\000/h\000-\000ext");
  }

  @Test
  void fileIsReplacedAtomicallyWithMode644() throws Exception {
    compile(SEED);
    assertThat(Files.getPosixFilePermissions(dir.resolve("cdb"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(dir.resolve("cdb.tmp")).doesNotExist();
  }

  @Test
  void badLinesNameTheLineAndLeaveTheOldCdb() throws Exception {
    compile(SEED);
    byte[] before = Files.readAllBytes(dir.resolve("cdb"));
    assertThatThrownBy(() -> compile("=a:u:1:2:/h:::\n=b:u:1:2\n.\n"))
        .isInstanceOf(FileFormatException.class).hasMessageEndingWith("assign:2: fewer than 7 fields after the address");
    assertThatThrownBy(() -> compile("=a:u:1:2:/h:::\n")).hasMessageContaining("missing the '.' line");
    assertThatThrownBy(() -> compile(":u:1:2:/h:::\n.\n")).hasMessageContaining("assign:1:");
    assertThat(Files.readAllBytes(dir.resolve("cdb"))).isEqualTo(before);
  }
}
