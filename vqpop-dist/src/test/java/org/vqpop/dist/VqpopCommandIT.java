package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modern {@code vqpop} command over the same core, run as processes. */
class VqpopCommandIT {
  @TempDir Path tmp;

  @Test
  void domainsAndUsersThroughTheModernCommand() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    assertThat(s.run("vqpop", "domain", "add", "acme.com", "mail.acme.com", "--prefix", "acme").ok().out())
        .isEqualTo("added acme.com:mail.acme.com:acme.com:acme\n");
    s.run("vqpop", "domain", "add", "oce.nl", "st1-jos.oce.nl").ok();
    assertThat(s.run("popdom", "-l").ok().out()).isEqualTo("acme.com:mail.acme.com:acme.com:acme\noce.nl:st1-jos.oce.nl:oce.nl:\n");

    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    s.input("marysecret\n", "vqpop", "user", "add", "--apop", "mary@acme.com").ok();
    assertThat(s.mailhome.resolve("acme.com/j/joeuser/Maildir/cur")).isDirectory();
    assertThat(s.read(s.qmail.resolve("users/assign"))).contains("=acme-joeuser:alias:").contains("=acme-mary:alias:");
    assertThat(s.input("x\n", "vqpop", "user", "add", "joeuser@acme.com").fails(1).err()).contains("already exists");

    String json = s.run("vqpop", "user", "show", "joeuser@acme.com", "--json").ok().out();
    assertThat(json).contains("\"address\" : \"joeuser@acme.com\"").contains("\"password\" : \"sha512-crypt\"")
        .contains("\"apop\" : false").contains("\"messages\" : 0").doesNotContain("$6$");
    Files.writeString(s.mailhome.resolve("acme.com/j/joeuser/Maildir/new/1.a.host"), "Subject: x\n\nhello\n");
    assertThat(s.run("vqpop", "user", "show", "joeuser@acme.com").ok().out()).contains("messages:       1");

    assertThat(s.run("vqpop", "user", "list", "acme.com").ok().out()).contains("joeuser@acme.com").contains("mary@acme.com");
    assertThat(s.run("vqpop", "user", "list", "--json").ok().out()).contains("\"login\" : \"apop\"");
    assertThat(s.run("vqpop", "domain", "list", "--json").ok().out()).contains("\"users\" : 2");
    assertThat(s.run("vqpop", "domain", "show", "acme.com").ok().out()).contains("prefix:    acme");

    String before = s.read(s.mailhome.resolve("acme.com/poppasswd"));
    s.input("newpass\n", "vqpop", "user", "passwd", "joeuser@acme.com").ok();
    assertThat(s.read(s.mailhome.resolve("acme.com/poppasswd"))).isNotEqualTo(before);
    s.input("x\n", "vqpop", "user", "passwd", "nobody@acme.com").fails(1);

    s.run("vqpop", "user", "remove", "mary@acme.com").ok();
    assertThat(s.mailhome.resolve("acme.com/m")).doesNotExist();
    assertThat(s.read(s.qmail.resolve("users/assign"))).doesNotContain("mary");
    assertThat(s.run("vqpop", "domain", "remove", "acme.com").fails(1).err()).contains("still has 1 user");
    s.run("vqpop", "domain", "remove", "--force", "acme.com").ok();
    assertThat(s.run("vqpop", "domain", "list").ok().out()).doesNotContain("acme.com");
  }

  @Test
  void rebuildRestoresDerivedFilesFromTheirSources() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    byte[] cdb = Files.readAllBytes(s.mailhome.resolve("acme.com/poppasswd.cdb"));
    String assign = s.read(s.qmail.resolve("users/assign"));
    Files.delete(s.mailhome.resolve("acme.com/poppasswd.cdb"));
    Files.delete(s.qmail.resolve("users/assign"));
    Files.delete(s.qmail.resolve("users/cdb"));
    s.run("vqpop", "rebuild").ok();
    assertThat(Files.readAllBytes(s.mailhome.resolve("acme.com/poppasswd.cdb"))).isEqualTo(cdb);
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(assign);
    assertThat(s.qmail.resolve("users/cdb")).exists();
  }

  @Test
  void appendLocalComesFirstAndIsChecked() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    Files.writeString(s.qmail.resolve("users/append.local"), "=postmaster:alias:1:2:/var/qmail/alias:::\n");
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    assertThat(s.read(s.qmail.resolve("users/assign"))).startsWith("=postmaster:alias:1:2:/var/qmail/alias:::\n=acme-joeuser:");
    Files.writeString(s.qmail.resolve("users/append.local"), "=postmaster:alias:1:2:/var/qmail/alias:::\n# note\n");
    assertThat(s.run("vqpop", "rebuild").fails(1).err())
        .contains(s.qmail.resolve("users/append.local") + ":2: comments and empty lines are not allowed");
  }

  @Test
  void importsPasswdFilesWithHashesAsTheyAre() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    String hash = "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/";
    Path file = s.root.resolve("users.txt");
    Files.writeString(file, "amy:" + hash + ":1000:1000::/home/amy:/bin/sh\nbob:" + hash + "\n");
    assertThat(s.run("vqpop", "import", "passwd", "isp.net", file.toString()).ok().out()).isEqualTo("imported 2 user(s) into isp.net\n");
    assertThat(s.read(s.mailhome.resolve("mboxes.isp.net/poppasswd"))).contains("amy:" + hash + "::::\n");
    assertThat(s.mailhome.resolve("mboxes.isp.net/b/bob/Maildir")).isDirectory();
    Files.writeString(file, "carl:" + hash + "\ndave:plaintext\n");
    assertThat(s.run("vqpop", "import", "passwd", "isp.net", file.toString()).fails(1).err())
        .contains(file + ":2: not a password hash");
    assertThat(s.read(s.mailhome.resolve("mboxes.isp.net/poppasswd"))).doesNotContain("carl");
  }

  @Test
  void demoSetsUpTheSeedsDomainsPrintingTheSeedsCommands() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path dir = s.root.resolve("demo");
    String out = s.run("vqpop", "demo", "--dir", dir.toString(), "--no-serve").ok().out();
    assertThat(out).contains("# popdom -a acme.com mail.acme.com acme.com acme\n")
        .contains("# mkpopdb -a acme.com joeuser joepass\n")
        .contains("# mkpopuser -a acme.com joeuser\n")
        .contains("# mkpopdb -a -s acme.com maryann marysecret\n")
        .contains("# make\n");
    assertThat(dir.resolve("mailhome/acme.com/j/joeuser/Maildir/new")).isDirectory();
    assertThat(Files.readString(dir.resolve("mailhome/virtualpopdomains")))
        .isEqualTo("oce.nl:st1-jos.oce.nl:oce.nl:\nacme.com:mail.acme.com:acme.com:acme\nisp.net:pophost.isp.net:mboxes.isp.net:isp\n");
    assertThat(s.run("vqpop", "demo", "--dir", dir.toString(), "--no-serve").fails(1).err()).contains("not empty");
  }

  @Test
  void usageErrorsExitOneAndHelpWorks() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.run("vqpop", "nosuchcommand").fails(1);
    s.run("vqpop", "user", "add").fails(1);
    assertThat(s.run("vqpop", "--help").ok().out()).contains("domain").contains("user").contains("rebuild").contains("import");
    assertThat(s.run("popdom", "--help").ok().out()).contains("popdom -a DOMAIN HOSTNAME [DOMAINDIR [PREFIX]]");
    assertThat(s.run("vqpop", "user", "show", "nobody@nowhere.com").fails(1).err()).contains("no domain nowhere.com");
    Files.writeString(Path.of(s.env.get("VQPOP_CONFIG")), "[passwords]\nschema = \"md5\"\n");
    assertThat(s.run("vqpop", "domain", "list").fails(1).err()).contains("unknown key 'passwords.schema'");
    Files.writeString(Path.of(s.env.get("VQPOP_CONFIG")), "[passwords\n");
    assertThat(s.run("vqpop", "domain", "list").fails(1).err()).contains("line 1");
  }
}
