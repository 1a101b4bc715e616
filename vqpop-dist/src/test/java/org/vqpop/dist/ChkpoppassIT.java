package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/chkpoppass} as qmail-popup runs it: the login on a real descriptor 3, PROGRAM run in
 * the home; and {@code -d} against the seed's two examples, line for line. Run as root, the pop
 * account is an unprivileged uid, so chkpoppass must give up root before running PROGRAM.
 */
class ChkpoppassIT {
  static final int POP_UID = 15139;
  static final int POP_GID = 15102;

  @TempDir Path tmp;
  Sandbox s;
  Path joeHome;
  boolean root;

  @BeforeEach
  void setUp() throws Exception {
    root = Tools.root();
    if (root) {
      // The pop account may not be root; it must be able to reach the homes below tmp.
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      s = new Sandbox(tmp, POP_UID, POP_GID);
    } else {
      s = Sandbox.asCurrentUser(tmp);
    }
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    s.run("mkpopdb", "-a", "oce.nl", "jos", "jospass").ok();
    s.run("mkpopuser", "-a", "oce.nl", "jos").ok();
    joeHome = s.mailhome.resolve("acme.com/j/joeuser");
  }

  /** Runs chkpoppass with {@code user\0password\0timestamp\0} on descriptor 3, as qmail-popup does. */
  Sandbox.Result fd3(String user, String password, String timestamp, String... program) throws Exception {
    return fd3Raw("'%s\\0%s\\0%s\\0' '" + user + "' '" + password + "' '" + timestamp + "'", program);
  }

  /** Runs chkpoppass with what {@code printf PRINTF_ARGS} writes on descriptor 3. */
  Sandbox.Result fd3Raw(String printfArgs, String... program) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c",
        "printf " + printfArgs + " | \"$0\" \"$@\" 3<&0 0</dev/null", Sandbox.DIST.resolve("bin/chkpoppass").toString()));
    cmd.addAll(List.of(program));
    return s.exec(null, s.root, cmd);
  }

  static String md5hex(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theSeedsFirstExampleWithTcplocalhost() throws Exception {
    // "st1-jos:/var/mailhome# TCPLOCALHOST=mail.acme.com chkpoppass -d \
    //  joeuser joepass apop_ts /var/qmail/bin/qmail-pop3d Maildir"
    Path pop3d = s.qmail.resolve("bin/qmail-pop3d");
    Files.createDirectories(pop3d.getParent());
    Files.writeString(pop3d, "#!/bin/sh\n[ \"$1\" = Maildir ] && [ -d \"$1\" ] && echo '+OK '\n");
    Files.setPosixFilePermissions(pop3d, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(pop3d.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(s.qmail, PosixFilePermissions.fromString("rwxr-xr-x"));
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    Sandbox.Result r = s.run("chkpoppass", "-d", "joeuser", "joepass", "apop_ts", pop3d.toString(), "Maildir").ok();
    assertThat(r.err()).isEqualTo("""
        chkpoppass: args: user=joeuser, passwd=joepass, apop_ts=apop_ts,
        user_program=%s
        chkpoppass: domaindir=acme.com
        chkpoppass: apop:\s
        chkpoppass: popuser: 1
        chkpoppass: shell=/bin/sh, user=joeuser, home=%s/acme.com/j/joeuser
        """.formatted(pop3d, s.mailhome));
    assertThat(r.out()).isEqualTo("+OK \n");
  }

  @Test
  void theSeedsSecondExampleWithUseDomain() throws Exception {
    // "st1-jos:/var/mailhome# chkpoppass -d joeuser@acme.com joepass apop_ts pwd"
    Files.writeString(Path.of(s.env.get("VQPOP_CONFIG")), "[login]\nuse_domain = true\n");
    Sandbox.Result r = s.run("chkpoppass", "-d", "joeuser@acme.com", "joepass", "apop_ts", "pwd").ok();
    assertThat(r.err()).isEqualTo("""
        chkpoppass: args: user=joeuser@acme.com, passwd=joepass, apop_ts=apop_ts,
        user_program=pwd
        chkpoppass: domain: user=joeuser, domain=acme.com
        chkpoppass: domaindir=acme.com
        chkpoppass: apop:\s
        chkpoppass: popuser: 1
        chkpoppass: shell=/bin/sh, user=joeuser, home=%s/acme.com/j/joeuser
        """.formatted(s.mailhome));
    assertThat(r.out()).isEqualTo(joeHome + "\n");
  }

  @Test
  void aLoginOnDescriptor3RunsTheProgramInTheHomeAndPassesItsStatus() throws Exception {
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    Sandbox.Result r = fd3("joeuser", "joepass", "<1896.697170952@mail.acme.com>", "sh", "-c",
        "echo \"$USER|$HOME|$SHELL|$(pwd)|$(id -u)\"; exit 7");
    assertThat(r.code()).as(r.err()).isEqualTo(7);
    String uid = root ? String.valueOf(POP_UID) : String.valueOf(s.uid);
    assertThat(r.out()).isEqualTo("joeuser|" + joeHome + "|/bin/sh|" + joeHome + "|" + uid + "\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aWrongPasswordExits1AndRunsNothing() throws Exception {
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    Path marker = s.root.resolve("ran");
    Sandbox.Result r = fd3("joeuser", "joepasS", "<1.2@x>", "touch", marker.toString()).fails(1);
    assertThat(r.err()).isEmpty();
    assertThat(marker).doesNotExist();
    fd3("nosuchuser", "joepass", "<1.2@x>", "true").fails(1);
  }

  @Test
  void tcplocalhostSelectsTheDomainAndWithoutItTheFirstDomainIsUsed() throws Exception {
    fd3("joeuser", "joepass", "", "true").fails(1);
    fd3("jos", "jospass", "", "true").ok();
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    fd3("joeuser", "joepass", "", "true").ok();
    fd3("jos", "jospass", "", "true").fails(1);
  }

  @Test
  void anApopDigestLogsIn() throws Exception {
    s.run("mkpopdb", "-a", "-s", "acme.com", "sue", "suesecret").ok();
    s.run("mkpopuser", "-a", "acme.com", "sue").ok();
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    String ts = "<1896.697170952@mail.acme.com>";
    fd3("sue", md5hex(ts + "suesecret"), ts, "true").ok();
    fd3("sue", md5hex(ts + "wrongsecret"), ts, "true").fails(1);
    fd3("sue", "suesecret", ts, "true").ok(); // the secret is also the POP password
  }

  @Test
  void misuseExits2() throws Exception {
    s.run("chkpoppass").fails(2);
    s.run("chkpoppass", "-d", "joeuser", "joepass").fails(2);
    assertThat(s.run("chkpoppass", "true").fails(2).err()).contains("descriptor 3");
    assertThat(fd3Raw("'joeuser\\0joepass'", "true").fails(2).err()).contains("NUL-terminated");
  }

  @Test
  void anUnreadableDatabaseIsATemporaryFailure() throws Exception {
    s.env.put("TCPLOCALHOST", "mail.acme.com");
    Files.writeString(s.mailhome.resolve("acme.com/poppasswd.cdb"), "not a cdb");
    assertThat(fd3("joeuser", "joepass", "", "true").fails(111).err()).contains("poppasswd.cdb");
    Files.writeString(s.mailhome.resolve("virtualpopdomains"), "broken\n");
    assertThat(fd3("joeuser", "joepass", "", "true").fails(111).err()).contains("virtualpopdomains:1:");
  }

  @Test
  void asRootItWillNotRunTheProgramAsRoot() throws Exception {
    assumeTrue(root, "only root can be asked to run a program as root");
    Sandbox r = Sandbox.asCurrentUser(Files.createDirectory(tmp.resolve("r")));
    r.seedDomains();
    r.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    r.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    r.env.put("TCPLOCALHOST", "mail.acme.com");
    Path marker = r.root.resolve("ran");
    assertThat(r.run("chkpoppass", "-d", "joeuser", "joepass", "", "touch", marker.toString()).fails(111).err())
        .contains("will not run touch as root");
    assertThat(marker).doesNotExist();
  }
}
