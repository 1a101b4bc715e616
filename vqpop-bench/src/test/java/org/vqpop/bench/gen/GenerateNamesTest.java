package org.vqpop.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vqpop.wire.MessageSize;

/**
 * The generator writes a large maildrop as each deliverer would have left it: names in that
 * deliverer's format (sizes in the name only where it writes them, and then right), the file's
 * mtime at the time the name starts with, the older mail read and left in {@code cur/} with
 * {@code :2,}, every name unique.
 */
class GenerateNamesTest {
  private static final String HOST = "mail\\.bench\\.example";
  private static final Pattern QMAIL_OLD = Pattern.compile("(\\d+)\\.\\d+\\." + HOST);
  private static final Pattern QMAIL_NEW = Pattern.compile("(\\d+)\\.M\\d{1,6}P\\d+\\." + HOST);
  private static final Pattern POSTFIX = Pattern.compile("(\\d+)\\.V[0-9a-f]+I[0-9a-f]+M\\d{1,6}\\." + HOST);
  private static final Pattern DOVECOT = Pattern.compile("(\\d+)\\.M\\d{1,6}P\\d+\\." + HOST + ",S=(\\d+),W=(\\d+)");
  private static final Pattern VQPOP = Pattern.compile("(\\d+)\\.M\\d{1,6}P\\d+Q\\d+\\." + HOST + ",S=(\\d+),W=(\\d+)");

  @TempDir
  Path home;

  @ParameterizedTest
  @EnumSource(MailKind.class)
  void namesAreTheDeliverersAndTellTheTruth(MailKind kind) throws IOException {
    int count = 400;
    Generate.Spec spec = new Generate.Spec("big", "dom1.example", "big" + kind.id() + count, "pw", count, 2048, kind);
    Path md = Generate.maildir(home, spec);
    for (String sub : new String[] {"tmp", "new", "cur"}) {
      Files.createDirectories(md.resolve(sub));
    }

    Generate.fill(home, spec, 42);

    List<Path> files = new ArrayList<>();
    try (Stream<Path> n = Files.list(md.resolve("new")); Stream<Path> c = Files.list(md.resolve("cur"))) {
      n.forEach(files::add);
      c.forEach(files::add);
    }
    assertThat(files).hasSize(count);
    assertThat(Files.list(md.resolve("new")).count()).as("the newest 10%% unread in new/").isEqualTo(count / 10);
    Set<String> bases = new HashSet<>();
    List<Pattern> seen = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      boolean inCur = f.getParent().getFileName().toString().equals("cur");
      assertThat(name.endsWith(":2,")).as(name).isEqualTo(inCur);
      String base = inCur ? name.substring(0, name.length() - 3) : name;
      assertThat(bases.add(base)).as("unique: " + base).isTrue();
      Matcher m = match(kind, base);
      assertThat(m).as(kind + " name " + base).isNotNull();
      seen.add(m.pattern());
      assertThat(Files.getLastModifiedTime(f).toMillis() / 1000).as("mtime of " + name).isEqualTo(Long.parseLong(m.group(1)));
      if (m.groupCount() == 3) {
        byte[] body = Files.readAllBytes(f);
        assertThat(Long.parseLong(m.group(2))).as(",S= of " + name).isEqualTo(body.length);
        assertThat(Long.parseLong(m.group(3))).as(",W= of " + name).isEqualTo(MessageSize.of(new ByteArrayInputStream(body)));
      }
    }
    switch (kind) {
      case QMAIL -> assertThat(seen).contains(QMAIL_OLD, QMAIL_NEW).doesNotContain(VQPOP);
      case MIX -> {
        assertThat(seen).contains(QMAIL_OLD, QMAIL_NEW, VQPOP);
        assertThat(seen.stream().filter(p -> p == VQPOP).count()).isEqualTo(count * 3 / 10);
      }
      default -> assertThat(new HashSet<>(seen)).hasSize(1);
    }
  }

  /** The match of {@code base} against the formats {@code kind} may write, or null. */
  private static Matcher match(MailKind kind, String base) {
    List<Pattern> allowed = switch (kind) {
      case QMAIL -> List.of(QMAIL_OLD, QMAIL_NEW);
      case POSTFIX -> List.of(POSTFIX);
      case DOVECOT -> List.of(DOVECOT);
      case VQPOP -> List.of(VQPOP);
      case MIX -> List.of(QMAIL_OLD, QMAIL_NEW, VQPOP);
    };
    for (Pattern p : allowed) {
      Matcher m = p.matcher(base);
      if (m.matches()) {
        return m;
      }
    }
    return null;
  }
}
