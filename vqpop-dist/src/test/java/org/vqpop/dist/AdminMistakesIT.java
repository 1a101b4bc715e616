package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An administrator's slip (a mistyped mail home, running as root) removes nothing and breaks nothing. */
class AdminMistakesIT {
  @TempDir Path tmp;

  /** A sandbox with the seed's domains and two users, so that users/assign has routes to lose. */
  private Sandbox populated(Sandbox s) throws Exception {
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    s.run("mkpopdb", "-a", "oce.nl", "jos", "jospass").ok();
    s.run("mkpopuser", "-a", "oce.nl", "jos").ok();
    return s;
  }

  @Test
  void noCommandCreatesAMissingMailHome() throws Exception {
    Sandbox s = populated(Sandbox.asCurrentUser(tmp));
    byte[] assign = Files.readAllBytes(s.qmail.resolve("users/assign"));
    byte[] cdb = Files.readAllBytes(s.qmail.resolve("users/cdb"));
    String controlVd = s.read(s.qmail.resolve("control/virtualdomains"));
    Path typo = s.root.resolve("mailhoem");
    List<String[]> commands = List.of(
        new String[] {"vqpop", "--mailhome", typo.toString(), "rebuild"},
        new String[] {"vqpop", "--mailhome", typo.toString(), "domain", "list"},
        new String[] {"vqpop", "--mailhome", typo.toString(), "domain", "add", "new.com", "mail.new.com", "--prefix", "new"},
        new String[] {"vqpop", "--mailhome", typo.toString(), "user", "list"},
        new String[] {"vqpop", "--mailhome", typo.toString(), "import", "mhpop", "acme.com", "/dev/null"});
    for (String[] c : commands) {
      String err = s.run(c[0], java.util.Arrays.copyOfRange(c, 1, c.length)).fails(1).err();
      assertThat(err).as(String.join(" ", c)).contains("mail home " + typo + " does not exist").contains("vqpop init");
    }
    s.env.put("MAILHOME", typo.toString());
    for (String[] c : new String[][] {{"popdom", "-a", "new.com", "mail.new.com", "new.com", "new"}, {"popdom", "-l"},
        {"popdom", "-d", "acme.com"}, {"mkpopdb", "-a", "acme.com", "amy", "pw"}, {"mkpopuser", "-a", "acme.com", "amy"}}) {
      String err = s.run(c[0], java.util.Arrays.copyOfRange(c, 1, c.length)).fails(1).err();
      assertThat(err).as(String.join(" ", c)).startsWith(c[0] + ": mail home " + typo + " does not exist");
    }
    assertThat(typo).doesNotExist();
    assertThat(Files.readAllBytes(s.qmail.resolve("users/assign"))).isEqualTo(assign);
    assertThat(Files.readAllBytes(s.qmail.resolve("users/cdb"))).isEqualTo(cdb);
    assertThat(s.read(s.qmail.resolve("control/virtualdomains"))).isEqualTo(controlVd);

    // vqpop init makes one (its parent must exist), and says so when it is there
    assertThat(s.run("vqpop", "init").ok().out()).isEqualTo("created mail home " + typo + "\n");
    assertThat(typo.resolve("Makefile")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(typo))).isEqualTo("rwxr-xr-x");
    assertThat(s.run("vqpop", "init").ok().out()).isEqualTo("mail home exists: " + typo + "\n");
    Path deep = s.root.resolve("no/such/mailhome");
    assertThat(s.run("vqpop", "--mailhome", deep.toString(), "init").fails(1).err())
        .contains("cannot create mail home " + deep + ": " + deep.getParent() + " does not exist");
    assertThat(s.root.resolve("no")).doesNotExist();
  }

  @Test
  void rewritingUsersAssignForAnotherMailHomeIsRefusedUnlessForced() throws Exception {
    Sandbox s = populated(Sandbox.asCurrentUser(tmp));
    String assign = s.read(s.qmail.resolve("users/assign"));
    byte[] cdb = Files.readAllBytes(s.qmail.resolve("users/cdb"));
    Path other = s.root.resolve("other");
    s.run("vqpop", "--mailhome", other.toString(), "init").ok();

    Sandbox.Result r = s.run("vqpop", "--mailhome", other.toString(), "rebuild").fails(1);
    assertThat(r.err()).contains(s.qmail.resolve("users/assign") + " routes 3 address(es) of alias to homes outside the mail home " + other)
        .contains("+jos- -> " + s.mailhome.resolve("oce.nl/j/jos"))
        .contains("=acme-joeuser -> " + s.mailhome.resolve("acme.com/j/joeuser"))
        .contains("vqpop rebuild --force");
    s.env.put("MAILHOME", other.toString());
    assertThat(s.run("popdom", "-a", "new.com", "mail.new.com", "new.com", "new").fails(1).err())
        .contains("routes 3 address(es) of alias to homes outside the mail home");
    assertThat(other.resolve("new.com")).doesNotExist();
    assertThat(other.resolve("virtualpopdomains")).doesNotExist();
    assertThat(s.read(s.qmail.resolve("control/virtualdomains"))).doesNotContain("new.com");
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(assign);
    assertThat(Files.readAllBytes(s.qmail.resolve("users/cdb"))).isEqualTo(cdb);

    // the right mail home rebuilds as ever; lines from append.local never count as foreign
    s.env.put("MAILHOME", s.mailhome.toString());
    Files.writeString(s.qmail.resolve("users/append.local"), "=postmaster:alias:1:2:/var/qmail/alias:::\n");
    s.run("vqpop", "rebuild").ok();
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo("=postmaster:alias:1:2:/var/qmail/alias:::\n" + assign);
    // a mail home that really moved: --force
    s.run("vqpop", "--mailhome", other.toString(), "rebuild", "--force").ok();
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo("=postmaster:alias:1:2:/var/qmail/alias:::\n.\n");
  }

  @Test
  void userAddReportsTheNamesAsStored() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    assertThat(s.input("joepass\n", "vqpop", "user", "add", "JOE@ACME.COM").ok().out())
        .isEqualTo("added joe@acme.com (home " + s.mailhome.resolve("acme.com/j/joe") + ")\n");
    assertThat(s.run("vqpop", "user", "list", "acme.com").ok().out()).contains("joe@acme.com");
    assertThat(s.input("newpass\n", "vqpop", "user", "passwd", "Joe@Acme.Com").ok().out())
        .isEqualTo("changed password of joe@acme.com\n");
    assertThat(s.run("vqpop", "user", "remove", "JOE@acme.COM").ok().out()).isEqualTo("removed joe@acme.com\n");
  }

  @Test
  void everythingRootCreatesInTheMailHomeBelongsToThePopAccount() throws Exception {
    assumeTrue(Tools.root(), "giving files away needs root");
    // the pop account must be able to reach the mail home below tmp
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Sandbox s = new Sandbox(tmp, 15139, 15102); // the seed's alias uid and gid
    Files.delete(s.mailhome);
    s.run("vqpop", "init").ok();
    populated(s);
    s.input("marypass\n", "vqpop", "user", "add", "mary@acme.com").ok();
    s.input("sue:x:y:suesecret\n", "vqpop", "import", "mhpop", "isp.net").ok();
    s.run("vqpop", "domain", "quota", "acme.com", "100M").ok();
    s.run("vqpop", "rebuild").ok();
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> all = Files.walk(s.mailhome)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (uid != 15139 || gid != 15102) {
          wrong.add(s.mailhome.relativize(p) + " " + uid + ":" + gid);
        }
      }
    }
    assertThat(s.mailhome.resolve(".vqpop.lock")).exists();
    assertThat(s.mailhome.resolve("Makefile")).exists();
    assertThat(s.mailhome.resolve("oce.nl/j/jos/.qmail-default")).exists();
    assertThat(wrong).as("files not owned by the pop account").isEmpty();
    // the pop account can take the lock a later command takes
    Sandbox.Result lock = s.exec(null, s.mailhome, List.of("setpriv", "--reuid=15139", "--regid=15102", "--clear-groups",
        "sh", "-c", ": >> .vqpop.lock && echo ok"));
    assertThat(lock.ok().out()).isEqualTo("ok\n");
  }
}
