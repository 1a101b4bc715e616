package org.vqpop.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;
import org.vqpop.mailhome.Notices;
import org.vqpop.maildir.Quota;

/**
 * The commands' edge: what an administrator typed becomes the core's types once, and each mistake
 * is bad input (exit 1) saying which rule it breaks. The domain is looked up in a real mail home.
 */
class AdminArgsTest {
  @TempDir Path tmp;

  Admin admin;
  Path mailhome;

  @BeforeEach
  void setUp() throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    Path passwd = tmp.resolve("passwd");
    Files.createDirectories(tmp.resolve("alias"));
    Files.writeString(passwd, "alias:*:" + uid + ":" + gid + ":alias:" + tmp.resolve("alias") + ":/bin/sh\n");
    mailhome = Files.createDirectory(tmp.resolve("mailhome"));
    admin = new Admin(new MailHome(mailhome, tmp.resolve("qmail"), "alias", null, new PasswdFile(passwd)),
        pw -> "$6$salt$hash", Notices.NONE, Duration.ofSeconds(10));
    admin.domains().add(AdminArgs.newDomain("acme.com", "mail.acme.com", null, "acme"), null);
    admin.domains().add(AdminArgs.newDomain("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp"), null);
    admin.domains().add(AdminArgs.newDomain("oce.nl", "st1-jos.oce.nl", "customers/oce", ""), null);
  }

  static void assertBadInput(ThrowingCall call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.BAD_INPUT))
        .hasMessage(message);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aUserNameIsLowerCasedAndABadOneSaysWhichRuleItBreaks() throws Exception {
    assertThat(AdminArgs.user("JoeUser")).isEqualTo(UserName.of("joeuser"));
    assertBadInput(() -> AdminArgs.user("-joe"), "user name '-joe' must start with a letter or digit");
    assertBadInput(() -> AdminArgs.user("jo/e"),
        "user name 'jo/e' contains '/': only letters, digits, '.', '_' and '-' are allowed");
    assertBadInput(() -> AdminArgs.user(""), "user name is empty");
  }

  @Test
  void aQuotaIsReadOnceAndBadTextNamesIt() throws Exception {
    assertThat(AdminArgs.quota("100M,5000")).isEqualTo(new Quota(100L << 20, 5000));
    assertThat(AdminArgs.quota("none")).isEqualTo(Quota.NONE);
    assertThatThrownBy(() -> AdminArgs.quota("lots"))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.BAD_INPUT))
        .hasMessageStartingWith("bad quota: quota 'lots'");
  }

  @Test
  void aNewDomainDefaultsItsDirectoryToItsLowerCasedNameAndRefusesBadFields() throws Exception {
    assertThat(AdminArgs.newDomain("ACME.org", "mail.acme.org", null, null))
        .isEqualTo(new VirtualDomain(Domain.of("acme.org"), org.vqpop.address.HostName.of("mail.acme.org"), "acme.org", ""));
    assertBadInput(() -> AdminArgs.newDomain("acme..org", "h", null, null), "domain name 'acme..org' has an empty label");
    assertBadInput(() -> AdminArgs.newDomain("acme.org", "h", "../x", null),
        "domain directory '../x' leaves the mail home ('..')");
    assertBadInput(() -> AdminArgs.newDomain("acme.org", "h", null, "a-b"),
        "prefix 'a-b' contains '-': only letters, digits, '.' and '_' are allowed ('-' separates the prefix from"
            + " the user name)");
  }

  @Test
  void aDomainIsNamedByItsNameInAnyCaseOrByItsDirectory() throws Exception {
    assertThat(AdminArgs.domain(admin, "ACME.COM").domain()).isEqualTo(Domain.of("acme.com"));
    assertThat(AdminArgs.domain(admin, "mboxes.isp.net").domain()).isEqualTo(Domain.of("isp.net"));
    assertThat(AdminArgs.domain(admin, "customers/oce").domain()).isEqualTo(Domain.of("oce.nl"));
  }

  @Test
  void anUnknownDomainIsBadInputNamingTheFileAsTyped() {
    assertBadInput(() -> AdminArgs.domain(admin, "Acme.Org"),
        "no domain Acme.Org in " + mailhome.resolve("virtualpopdomains"));
    assertBadInput(() -> AdminArgs.domain(admin, "not a domain"),
        "no domain not a domain in " + mailhome.resolve("virtualpopdomains"));
  }

  @Test
  void aDomainInAMissingMailHomeSaysSoRatherThanThatTheDomainIsUnknown() throws Exception {
    Files.move(mailhome, tmp.resolve("elsewhere"));
    assertBadInput(() -> AdminArgs.domain(admin, "acme.com"), "mail home " + mailhome
        + " does not exist (check --mailhome or MAILHOME; 'vqpop init' creates a new one)");
  }
}
