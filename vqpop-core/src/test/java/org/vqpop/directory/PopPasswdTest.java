package org.vqpop.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.domain.FileFormatException;

class PopPasswdTest {
  @TempDir Path dir;

  private PopPasswd roundTrip(PopPasswd db) throws Exception {
    StringWriter w = new StringWriter();
    db.writeTo(w);
    Path f = dir.resolve("poppasswd");
    Files.writeString(f, w.toString());
    return PopPasswd.read(f);
  }

  @Test
  void secretsWithColonsAndBackslashesSurviveARoundTrip() throws Exception {
    PopPasswd db = PopPasswd.empty();
    db.put(PopUser.withSecret(UserName.of("joeuser"), "a:b\\c d:"));
    db.put(new PopUser(UserName.of("sue"), "$6$salt$hash", "", 1000, 10, List.of("disabled")));
    PopPasswd back = roundTrip(db);
    assertThat(back.users()).containsExactlyElementsOf(db.users());
    assertThat(back.get(UserName.of("joeuser")).orElseThrow().apopSecret()).isEqualTo("a:b\\c d:");
    assertThat(back.get(UserName.of("sue")).orElseThrow().disabled()).isTrue();
  }

  @Test
  void putReplacesInPlaceAndRemoveKeepsOrder() throws Exception {
    PopPasswd db = PopPasswd.empty();
    for (String u : new String[] {"a", "b", "c"}) {
      db.put(PopUser.withPassword(UserName.of(u), "$1$x$" + u));
    }
    db.put(PopUser.withPassword(UserName.of("b"), "$1$x$new"));
    assertThat(db.remove(UserName.of("a"))).isTrue();
    assertThat(db.remove(UserName.of("a"))).isFalse();
    assertThat(roundTrip(db).users()).extracting(u -> u.name().name() + "=" + u.passwordHash())
        .containsExactly("b=$1$x$new", "c=$1$x$c");
  }

  @Test
  void commentsAreKept() throws Exception {
    Path f = dir.resolve("poppasswd");
    Files.writeString(f, "# mine\njoe:$1$a$b::::\n\n# more\n");
    PopPasswd db = PopPasswd.read(f);
    db.put(PopUser.withSecret(UserName.of("amy"), "s"));
    StringWriter w = new StringWriter();
    db.writeTo(w);
    assertThat(w.toString()).isEqualTo("# mine\njoe:$1$a$b::::\n\n# more\namy::s:::\n");
  }

  @Test
  void malformedLinesNameFileAndLine() throws Exception {
    Path f = dir.resolve("poppasswd");
    String[][] cases = {
      {"joe:$1$a$b:::\n", ":1: expected 6 fields"},
      {"ok:$1$a$b::::\nJ/oe:$1$a$b::::\n", ":2: user name 'J/oe' contains '/'"},
      {"joe:$1$a$b::12x::\n", ":1: quota-bytes '12x' is not a whole number"},
      {"joe:$1$a$b:sec\\x:::\n", ":1: unknown escape '\\x'"},
      {"joe:$1$a$b::::\njoe:$1$a$c::::\n", ":2: user joe is already defined"},
      {"joe:$1$a b::::\n", ":1: password hash contains a space"},
    };
    for (String[] c : cases) {
      Files.writeString(f, c[0]);
      assertThatThrownBy(() -> PopPasswd.read(f)).isInstanceOf(FileFormatException.class)
          .hasMessageStartingWith(f.toString()).hasMessageContaining(c[1]);
    }
  }

  @Test
  void recordCodecRoundTrips() {
    PopUser u = new PopUser(UserName.of("joe"), "$6$s$h", "sec ret", 5, 6, List.of("disabled"));
    UserRecordCodec.Entry e = UserRecordCodec.decode(UserRecordCodec.key(u.name()), UserRecordCodec.encode(u, Path.of("/m/j/joe")));
    assertThat(e.user()).isEqualTo(u);
    assertThat(e.home()).isEqualTo(Path.of("/m/j/joe"));
  }
}
