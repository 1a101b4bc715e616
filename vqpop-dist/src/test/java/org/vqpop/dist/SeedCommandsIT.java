package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.Verification;

/** The seed's commands, run as processes from the distribution, in the seed's own words. */
class SeedCommandsIT {
  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static int owner(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void addingAPopUserAsTheSeedShows() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    // "# cd /var/mailhome  # mkpopdb -a acme.com joeuser joepass  # mkpopuser -a acme.com joeuser  # make"
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    s.run("mkpopdb", "-a", "oce.nl", "jos", "jospass").ok();
    s.run("mkpopuser", "-a", "oce.nl", "jos").ok();
    Tools.require("make", "make");
    s.exec(null, s.mailhome, List.of("make")).ok();

    assertThat(s.read(s.mailhome.resolve("virtualpopdomains"))).isEqualTo("""
        oce.nl:st1-jos.oce.nl:oce.nl:
        acme.com:mail.acme.com:acme.com:acme
        isp.net:pophost.isp.net:mboxes.isp.net:isp
        """);
    assertThat(s.read(s.qmail.resolve("control/virtualdomains"))).isEqualTo("acme.com:alias-vdom-acme\nisp.net:alias-vdom-isp\n");
    assertThat(s.read(s.alias.resolve(".qmail-vdom-default"))).isEqualTo("|forward \"$EXT2\"\n");
    String ids = s.uid + ":" + s.gid;
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(
        "+jos-:alias:" + ids + ":" + s.mailhome + "/oce.nl/j/jos:-::\n"
            + "=jos:alias:" + ids + ":" + s.mailhome + "/oce.nl/j/jos:::\n"
            + "=acme-joeuser:alias:" + ids + ":" + s.mailhome + "/acme.com/j/joeuser:::\n"
            + ".\n");

    Path home = s.mailhome.resolve("acme.com/j/joeuser");
    for (String sub : new String[] {"Maildir", "Maildir/cur", "Maildir/new", "Maildir/tmp"}) {
      assertThat(mode(home.resolve(sub))).as(sub).isEqualTo("rwx------");
    }
    assertThat(s.read(home.resolve(".qmail"))).isEqualTo("./Maildir/\n");
    assertThat(mode(s.mailhome.resolve("acme.com/poppasswd.cdb"))).isEqualTo("rw-rw----");
    assertThat(mode(s.mailhome.resolve("acme.com/poppasswd"))).isEqualTo("rw-rw----");
    assertThat(s.mailhome.resolve("mboxes.isp.net/poppasswd.cdb")).exists();
  }

  @Test
  void tinycdbReadsWhatTheCommandsWrite() throws Exception {
    Tools.require("cdb", "tinycdb");
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "-s", "acme.com", "joeuser", "joesecret").ok();
    Sandbox.Result q = s.exec(null, s.root, List.of("cdb", "-q", s.mailhome.resolve("acme.com/poppasswd.cdb").toString(), "joeuser"));
    assertThat(q.out()).isEqualTo("1\0\0joesecret\0" + s.mailhome + "/acme.com/j/joeuser\0\0\0");
    Sandbox.Result dump = s.exec(null, s.root, List.of("cdb", "-d", s.qmail.resolve("users/cdb").toString()));
    assertThat(dump.ok().out()).isEqualTo(
        "+14,%d:!acme-joeuser\0->alias\0%d\0%d\0%s/acme.com/j/joeuser\0\0\n+0,0:->\n\n".formatted(
            ("alias\0" + s.uid + "\0" + s.gid + "\0" + s.mailhome + "/acme.com/j/joeuser\0\0").length(), s.uid, s.gid,
            s.mailhome));
  }

  @Test
  void perlCdbFileReadsWhatTheCommandsWrite() throws Exception {
    Tools.requirePerlModule("CDB_File", "libcdb-file-perl");
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "oce.nl", "jos", "jospass").ok();
    Sandbox.Result r = s.exec(null, s.root, List.of("perl", "-MCDB_File", "-e",
        "tie %h, 'CDB_File', $ARGV[0] or die; print join('|', map { s/\\0/~/gr } $h{'!jos-'}, $h{''})",
        s.qmail.resolve("users/cdb").toString()));
    assertThat(r.ok().out()).isEqualTo("alias~" + s.uid + "~" + s.gid + "~" + s.mailhome + "/oce.nl/j/jos~-~|-");
  }

  @Test
  void deletingAPopUserAsTheSeedShows() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    Files.writeString(s.mailhome.resolve("acme.com/j/joeuser/Maildir/new/1.msg"), "mail");
    s.run("mkpopuser", "-d", "acme.com", "joeuser").ok();
    s.run("mkpopdb", "-d", "acme.com", "joeuser").ok();
    assertThat(s.mailhome.resolve("acme.com/j")).doesNotExist();
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(".\n");
    assertThat(s.read(s.mailhome.resolve("acme.com/poppasswd"))).doesNotContain("joeuser");
    s.run("mkpopdb", "-d", "acme.com", "joeuser").fails(1);
  }

  @Test
  void passwordsAreHashedWithTheConfiguredSchemeAndReadFromStdin() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    for (String[] c : new String[][] {{"argon2id", "$argon2id$"}, {"bcrypt", "$2"}, {"sha512-crypt", "$6$"}}) {
      Files.writeString(Path.of(s.env.get("VQPOP_CONFIG")), "[passwords]\nscheme = \"" + c[0] + "\"\n");
      s.input("pass word\n", "mkpopdb", "-a", "acme.com", "joeuser").ok();
      String line = s.read(s.mailhome.resolve("acme.com/poppasswd")).lines()
          .filter(l -> l.startsWith("joeuser:")).findFirst().orElseThrow();
      String hash = line.split(":")[1];
      assertThat(hash).as(c[0]).startsWith(c[1]);
      assertThat(PasswordHasher.defaults().verify(hash, "pass word".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(Verification.MATCH);
      assertThat(line).doesNotContain("pass word");
    }
    s.input("", "mkpopdb", "-a", "acme.com", "joeuser").fails(1);
  }

  @Test
  void theSeedsMhpop2qpopScriptWorksUnchanged() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    Path script = s.root.resolve("mhpop2qpop");
    Files.writeString(script, """
        #!/bin/sh
        # usage: mhpop2qpop domain db|user < POP
        DOM=$1; shift
        CMD=$1; shift
        awk -F: '{print $1, $4}' | while read u p
        do
          case $CMD in
            db)   mkpopdb -a -s $DOM $u $p;;
            user) mkpopuser -a $DOM $u;;
          esac
        done
        """);
    script.toFile().setExecutable(true);
    String pop = "joeuser:x:101:joesecret:Joe User\nsue:x:102:suesecret:Sue\n";
    s.exec(pop, s.mailhome, List.of(script.toString(), "acme.com", "db")).ok();
    s.exec(pop, s.mailhome, List.of(script.toString(), "acme.com", "user")).ok();
    assertThat(s.read(s.mailhome.resolve("acme.com/poppasswd"))).contains("\njoeuser::joesecret:::\nsue::suesecret:::\n");
    assertThat(s.mailhome.resolve("acme.com/s/sue/Maildir/new")).isDirectory();
    assertThat(s.read(s.qmail.resolve("users/assign"))).contains("=acme-joeuser:alias:").contains("=acme-sue:alias:");

    // vqpop import mhpop does the same in one pass
    Sandbox t = Sandbox.asCurrentUser(Files.createDirectory(tmp.resolve("t")));
    t.seedDomains();
    t.input(pop, "vqpop", "import", "mhpop", "acme.com").ok();
    assertThat(t.read(t.mailhome.resolve("acme.com/poppasswd"))).isEqualTo(s.read(s.mailhome.resolve("acme.com/poppasswd")));
    assertThat(t.mailhome.resolve("acme.com/s/sue/.qmail")).exists();
  }

  @Test
  void popdomRefusesToDeleteADomainWithUsersUnlessForced() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    assertThat(s.run("popdom", "-d", "acme.com").fails(1).err()).contains("still has 1 user");
    assertThat(s.mailhome.resolve("acme.com/j/joeuser")).isDirectory();
    s.run("popdom", "-d", "-f", "acme.com").ok();
    assertThat(s.mailhome.resolve("acme.com")).doesNotExist();
    assertThat(s.read(s.qmail.resolve("control/virtualdomains"))).isEqualTo("isp.net:alias-vdom-isp\n");
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(".\n");
    assertThat(s.run("popdom", "-l").ok().out()).isEqualTo("oce.nl:st1-jos.oce.nl:oce.nl:\nisp.net:pophost.isp.net:mboxes.isp.net:isp\n");
  }

  @Test
  void badInputGetsAClearErrorAndChangesNothing() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    Path vpd = s.mailhome.resolve("virtualpopdomains");
    Files.writeString(vpd, Files.readString(vpd) + "broken.com:mail.broken.com\n");
    byte[] cdbBefore = Files.readAllBytes(s.mailhome.resolve("acme.com/poppasswd.cdb"));
    assertThat(s.run("mkpopdb", "-a", "acme.com", "amy", "pw").fails(1).err())
        .isEqualTo("mkpopdb: " + vpd + ":4: expected 4 fields domain:hostname:domaindirectory:prefix, found 2\n");
    assertThat(Files.readAllBytes(s.mailhome.resolve("acme.com/poppasswd.cdb"))).isEqualTo(cdbBefore);
    assertThat(s.read(s.mailhome.resolve("acme.com/poppasswd"))).doesNotContain("amy");

    Files.writeString(vpd, "oce.nl:st1-jos.oce.nl:oce.nl:\nacme.com:mail.acme.com:acme.com:acme\n");
    assertThat(s.run("mkpopdb", "-a", "nosuch.com", "joe", "pw").fails(1).err()).contains("no domain nosuch.com");
    assertThat(s.run("mkpopuser", "-a", "acme.com", "../../etc").fails(1).err()).contains("user name '../../etc'");
    assertThat(s.run("popdom", "-a", "evil.com", "mail.evil.com", "../outside").fails(1).err()).contains("leaves the mail home");
    assertThat(s.root.resolve("outside")).doesNotExist();
    Path elsewhere = Files.createDirectory(s.root.resolve("elsewhere"));
    Files.createSymbolicLink(s.mailhome.resolve("acme.com/e"), elsewhere);
    assertThat(s.run("mkpopuser", "-a", "acme.com", "eve").fails(111).err()).contains("is a symbolic link");
    assertThat(elsewhere).isEmptyDirectory();
    assertThat(s.run("popdom", "-a").fails(1).err()).contains("usage");
    assertThat(s.run("mkpopdb").fails(1).err()).contains("mkpopdb");
    assertThat(s.run("popdom", "-x").fails(1).err()).contains("popdom");

    Path poppasswd = s.mailhome.resolve("acme.com/poppasswd");
    Files.writeString(poppasswd, "joeuser:$6$a$b::::\njoe user::::\n");
    assertThat(s.run("mkpopdb", "-a", "acme.com", "amy", "pw").fails(1).err()).contains(poppasswd + ":2:");

    s.env.put("POP_USER", "nosuchaccount");
    assertThat(s.run("popdom", "-a", "new.com", "mail.new.com").fails(1).err())
        .contains("pop account 'nosuchaccount' does not exist");
  }

  @Test
  void filesBelongToThePopAccount() throws Exception {
    assumeTrue(Tools.root(), "giving files away needs root");
    Sandbox s = new Sandbox(tmp, 15139, 15102); // the seed's alias uid and gid
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    assertThat(s.read(s.qmail.resolve("users/assign")))
        .isEqualTo("=acme-joeuser:alias:15139:15102:" + s.mailhome + "/acme.com/j/joeuser:::\n.\n");
    for (String p : new String[] {"", "acme.com", "acme.com/poppasswd.cdb", "acme.com/poppasswd", "acme.com/j",
        "acme.com/j/joeuser", "acme.com/j/joeuser/.qmail", "acme.com/j/joeuser/Maildir", "acme.com/j/joeuser/Maildir/new",
        "virtualpopdomains"}) {
      assertThat(owner(s.mailhome.resolve(p))).as(p).isEqualTo(15139);
      assertThat((Integer) Files.getAttribute(s.mailhome.resolve(p), "unix:gid")).as(p).isEqualTo(15102);
    }
    assertThat(owner(s.alias.resolve(".qmail-vdom-default"))).isEqualTo(15139);
  }
}
