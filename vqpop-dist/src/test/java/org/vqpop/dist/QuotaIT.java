package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Quotas set by the modern and the seed's commands, as processes: the files they write and what show reports. */
class QuotaIT {
  @TempDir Path tmp;

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static String userLine(Sandbox s, String domainDir, String user) throws Exception {
    return s.read(s.mailhome.resolve(domainDir).resolve("poppasswd")).lines()
        .filter(l -> l.startsWith(user + ":")).findFirst().orElseThrow();
  }

  private static JsonNode show(Sandbox s, String address) throws Exception {
    return JSON.readTree(s.run("vqpop", "user", "show", address, "--json").ok().out());
  }

  @Test
  void quotasThroughTheModernCommand() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.run("vqpop", "domain", "add", "acme.com", "mail.acme.com", "--prefix", "acme", "--quota", "100M").ok();
    Path quotaFile = s.mailhome.resolve("acme.com/quota");
    assertThat(s.read(quotaFile)).isEqualTo("104857600S\n");
    assertThat(mode(quotaFile)).isEqualTo("rw-rw----");
    assertThat((Integer) Files.getAttribute(quotaFile, "unix:uid")).isEqualTo(s.uid);
    assertThat(s.run("vqpop", "domain", "quota", "acme.com").ok().out()).isEqualTo("104857600S (100M)\n");

    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com", "--quota", "4C").ok();
    assertThat(userLine(s, "acme.com", "joeuser")).matches("joeuser:\\$6\\$[^:]+:::4:");
    assertThat(s.run("vqpop", "user", "quota", "acme.com", "joeuser").ok().out()).isEqualTo("""
        own:            4C (4 messages)
        domain default: 104857600S (100M)
        effective:      104857600S,4C (100M, 4 messages)
        """);

    Path maildir = s.mailhome.resolve("acme.com/j/joeuser/Maildir");
    Files.writeString(maildir.resolve("new/1700000000.M1P1Q1.host,S=1234,W=1260"), "Subject: x\n\nhello\n");
    Files.writeString(maildir.resolve("cur/1700000001.M2P1Q2.host:2,S"), "0123456789");
    JsonNode j = show(s, "joeuser@acme.com");
    assertThat(j.get("quota").get("own").asString()).isEqualTo("4C");
    assertThat(j.get("quota").get("domain_default").asString()).isEqualTo("104857600S");
    assertThat(j.get("quota").get("effective").asString()).isEqualTo("104857600S,4C");
    assertThat(j.get("quota").get("bytes").asLong()).isEqualTo(104857600L);
    assertThat(j.get("quota").get("messages").asLong()).isEqualTo(4);
    assertThat(j.get("usage").get("bytes").asLong()).isEqualTo(1244);
    assertThat(j.get("usage").get("messages").asLong()).isEqualTo(2);
    assertThat(j.get("usage").get("bytes_percent").asDouble()).isEqualTo(0.0);
    assertThat(j.get("usage").get("messages_percent").asDouble()).isEqualTo(50.0);
    assertThat(j.get("usage").get("source").asString()).isEqualTo("scan");
    assertThat(maildir.resolve("maildirsize")).as("show writes nothing").doesNotExist();
    assertThat(s.run("vqpop", "user", "show", "joeuser@acme.com").ok().out())
        .contains("quota:          104857600S,4C (100M, 4 messages) (own 4C, domain default 104857600S)\n")
        .contains("usage:          1244 bytes (0.0% of 100M), 2 messages (50.0% of 4)\n");

    // A maildirsize kept by deliveries for this quota is what show reports.
    Files.writeString(maildir.resolve("maildirsize"), "104857600S,4C\n1244 2\n1000 1\n");
    j = show(s, "joeuser@acme.com");
    assertThat(j.get("usage").get("source").asString()).isEqualTo("maildirsize");
    assertThat(j.get("usage").get("messages_percent").asDouble()).isEqualTo(75.0);

    JsonNode list = JSON.readTree(s.run("vqpop", "user", "list", "--json").ok().out());
    assertThat(list.get(0).get("quota").asString()).isEqualTo("4C");
    assertThat(list.get(0).get("effective_quota").asString()).isEqualTo("104857600S,4C");

    assertThat(s.run("vqpop", "user", "quota", "joeuser@acme.com", "100M,5000").ok().out())
        .isEqualTo("set the quota of joeuser@acme.com to 104857600S,5000C (100M, 5000 messages)\n");
    assertThat(userLine(s, "acme.com", "joeuser")).endsWith("::104857600:5000:");
    s.run("vqpop", "user", "quota", "acme.com", "joeuser", "none").ok();
    assertThat(userLine(s, "acme.com", "joeuser")).matches("joeuser:\\$6\\$[^:]+::::");
    assertThat(show(s, "joeuser@acme.com").get("quota").get("effective").asString()).isEqualTo("104857600S");

    assertThat(s.run("vqpop", "domain", "quota", "acme.com", "none").ok().out()).isEqualTo("removed the default quota of acme.com\n");
    assertThat(quotaFile).doesNotExist();
    assertThat(s.run("vqpop", "domain", "quota", "acme.com").ok().out()).isEqualTo("none\n");
    JsonNode none = show(s, "joeuser@acme.com");
    assertThat(none.get("quota").get("effective").asString()).isEqualTo("none");
    assertThat(none.get("usage").get("bytes_percent").isNull()).isTrue();
    s.run("vqpop", "domain", "quota", "acme.com", "104857600S,5000C").ok();
    assertThat(s.read(quotaFile)).isEqualTo("104857600S,5000C\n");
  }

  @Test
  void badQuotasAreRefusedAndChangeNothing() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    String before = s.read(s.mailhome.resolve("acme.com/poppasswd"));
    assertThat(s.run("vqpop", "user", "quota", "acme.com", "joeuser", "lots").fails(1).err())
        .contains("bad quota: quota 'lots'");
    assertThat(s.run("vqpop", "domain", "quota", "acme.com", "100Q").fails(1).err()).contains("bad quota");
    assertThat(s.run("vqpop", "domain", "add", "x.com", "mail.x.com", "--quota", "-1").fails(1).err()).contains("bad quota");
    assertThat(s.input("pw\n", "vqpop", "user", "add", "amy@acme.com", "--quota", "1,2,3").fails(1).err()).contains("bad quota");
    assertThat(s.run("mkpopuser", "-a", "-q", "1.5G", "acme.com", "joeuser").fails(1).err()).contains("bad quota");
    assertThat(s.run("popdom", "-a", "-q", "5X", "y.com", "mail.y.com").fails(1).err()).contains("bad quota");
    assertThat(s.run("vqpop", "user", "quota", "acme.com", "nobody", "1M").fails(1).err()).contains("no user nobody");
    assertThat(s.read(s.mailhome.resolve("acme.com/poppasswd"))).isEqualTo(before);
    assertThat(s.read(s.mailhome.resolve("virtualpopdomains"))).doesNotContain("x.com").doesNotContain("y.com");
    assertThat(s.mailhome.resolve("acme.com/j/joeuser")).doesNotExist();
    assertThat(s.mailhome.resolve("acme.com/quota")).doesNotExist();

    Files.writeString(s.mailhome.resolve("acme.com/quota"), "# default\nplenty\n");
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    assertThat(s.run("vqpop", "user", "show", "joeuser@acme.com").fails(1).err())
        .contains(s.mailhome.resolve("acme.com/quota") + ":2: quota 'plenty'");
    assertThat(s.run("vqpop", "domain", "quota", "acme.com").fails(1).err()).contains("quota:2:");
  }

  @Test
  void quotasThroughTheSeedsCommands() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.run("popdom", "-a", "-q", "100M,5000", "acme.com", "mail.acme.com", "acme.com", "acme").ok();
    s.run("popdom", "-a", "oce.nl", "st1-jos.oce.nl", "oce.nl").ok();
    Path quotaFile = s.mailhome.resolve("acme.com/quota");
    assertThat(s.read(quotaFile)).isEqualTo("104857600S,5000C\n");
    assertThat(mode(quotaFile)).isEqualTo("rw-rw----");
    assertThat(s.mailhome.resolve("oce.nl/quota")).doesNotExist();
    assertThat(s.read(s.mailhome.resolve("virtualpopdomains")))
        .isEqualTo("acme.com:mail.acme.com:acme.com:acme\noce.nl:st1-jos.oce.nl:oce.nl:\n");

    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "-q", "50M", "acme.com", "joeuser").ok();
    assertThat(s.mailhome.resolve("acme.com/j/joeuser/Maildir/new")).isDirectory();
    assertThat(userLine(s, "acme.com", "joeuser")).matches("joeuser:\\$6\\$[^:]+::52428800::");
    // The seed's form, again on an existing home, leaves the quota alone.
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    assertThat(userLine(s, "acme.com", "joeuser")).endsWith("::52428800::");
    s.run("mkpopuser", "-a", "-q", "none", "acme.com", "joeuser").ok();
    assertThat(userLine(s, "acme.com", "joeuser")).matches("joeuser:\\$6\\$[^:]+::::");
    s.run("mkpopuser", "-a", "-q", "50M", "acme.com", "joeuser").ok();

    Path maildir = s.mailhome.resolve("acme.com/j/joeuser/Maildir");
    Files.writeString(maildir.resolve("new/1700000000.M1P1Q1.host,S=1234,W=1260"), "Subject: x\n\nhello\n");
    JsonNode j = show(s, "joeuser@acme.com");
    assertThat(j.get("quota").get("effective").asString()).isEqualTo("52428800S,5000C");
    assertThat(j.get("usage").get("bytes").asLong()).isEqualTo(1234);
    assertThat(j.get("usage").get("messages").asLong()).isEqualTo(1);
    assertThat(j.get("usage").get("messages_percent").asDouble()).isEqualTo(0.0);

    // A quota lives in the user's entry: mkpopuser -q needs mkpopdb -a first, and makes nothing without it.
    assertThat(s.run("mkpopuser", "-a", "-q", "1M", "acme.com", "mary").fails(1).err()).contains("mkpopdb -a");
    assertThat(s.mailhome.resolve("acme.com/m")).doesNotExist();
    assertThat(s.run("mkpopuser", "-d", "-q", "1M", "acme.com", "joeuser").fails(1).err()).contains("-q goes with -a");
    assertThat(s.run("popdom", "-l", "-q", "1M").fails(1).err()).contains("-q goes with -a");
    assertThat(s.run("popdom", "-d", "-q", "1M", "oce.nl").fails(1).err()).contains("-q goes with -a");
    assertThat(s.mailhome.resolve("acme.com/j/joeuser")).isDirectory();
    assertThat(s.run("popdom", "--help").ok().out()).contains("popdom -a -q QUOTA DOMAIN HOSTNAME [DOMAINDIR [PREFIX]]");
    assertThat(s.run("mkpopuser", "--help").ok().out()).contains("mkpopuser -a -q QUOTA DOMAIN USER");
  }
}
