package org.vqpop.mailhome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;

/**
 * The administrative core by noun, on a real mail home: each part takes typed names, looks the
 * domain up again under the lock, and writes nothing when it refuses.
 */
class AdminTest {
  static final Domain ACME = Domain.of("acme.com");

  @TempDir Path tmp;

  Admin admin;
  Path mailhome;
  Path qmail;
  List<String> notices = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    Path passwd = tmp.resolve("passwd");
    Files.createDirectories(tmp.resolve("alias"));
    Files.writeString(passwd, "alias:*:" + uid + ":" + gid + ":alias:" + tmp.resolve("alias") + ":/bin/sh\n");
    mailhome = Files.createDirectory(tmp.resolve("mailhome"));
    qmail = tmp.resolve("qmail");
    Files.createDirectories(qmail.resolve("users"));
    Files.createDirectories(qmail.resolve("control"));
    MailHome home = new MailHome(mailhome, qmail, "alias", null, new PasswdFile(passwd));
    admin = new Admin(home, pw -> "$6$salt$" + new String(pw, StandardCharsets.UTF_8), notices::add,
        Duration.ofSeconds(10));
    admin.domains().add(VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme"), null);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  String assign() throws Exception {
    return Files.readString(qmail.resolve("users/assign"));
  }

  @Test
  void aUserAddedInOneStepHasItsEntryHomeAndRoute() throws Exception {
    Path h = admin.users().add(ACME, UserName.of("joe"), bytes("pw"), null, Quota.NONE);
    assertThat(h).isEqualTo(mailhome.resolve("acme.com/j/joe"));
    assertThat(h.resolve("Maildir/new")).isDirectory();
    assertThat(Files.readString(h.resolve(".qmail"))).isEqualTo("./Maildir/\n");
    assertThat(admin.users().find(admin.domains().get(ACME), UserName.of("joe")).orElseThrow().passwordHash())
        .isEqualTo("$6$salt$pw");
    assertThat(assign()).contains("=acme-joe:alias:").contains(":" + h + ":::\n");
    assertThat(mailhome.resolve("acme.com/poppasswd.cdb")).isRegularFile();
  }

  @Test
  void aDomainThatIsNotInVirtualpopdomainsIsBadInputAndNothingIsWritten() throws Exception {
    Domain gone = Domain.of("gone.example");
    String before = assign();
    String expected = "no domain gone.example in " + mailhome.resolve("virtualpopdomains");
    List<ThrowingCall> changes = List.of(
        () -> admin.users().setPassword(gone, UserName.of("joe"), bytes("pw")),
        () -> admin.users().add(gone, UserName.of("joe"), bytes("pw"), null, Quota.NONE),
        () -> admin.homes().create(gone, UserName.of("joe")),
        () -> admin.quotas().setDomainDefault(gone, Quota.parse("1M")),
        () -> admin.imports().importUsers(gone, List.of(new ImportAdmin.Entry(UserName.of("joe"), "s", null))),
        () -> admin.domains().remove(gone, true));
    for (ThrowingCall c : changes) {
      assertThatThrownBy(c::run).isInstanceOfSatisfying(AdminException.class,
          e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.BAD_INPUT)).hasMessage(expected);
    }
    assertThat(assign()).isEqualTo(before);
    try (Stream<Path> s = Files.list(mailhome)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(".vqpop.lock", "Makefile", "virtualpopdomains", "acme.com");
    }
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void anImportMakesEveryHomeOnItsThreadsWithOneRebuild() throws Exception {
    List<ImportAdmin.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // a few hash directories, one of them crowded, as real names are
      String name = (i % 3 == 0 ? "a" : String.valueOf((char) ('b' + i % 20))) + "user" + i;
      entries.add(new ImportAdmin.Entry(UserName.of(name), "secret" + i, null));
    }
    assertThat(admin.imports().importUsers(ACME, entries)).isEqualTo(300);
    VirtualDomain acme = admin.domains().get(ACME);
    assertThat(admin.users().all(acme).size()).isEqualTo(300);
    for (ImportAdmin.Entry e : entries) {
      Path h = admin.mailHome().layout().home(acme, e.user());
      assertThat(h.resolve("Maildir/cur")).as(h.toString()).isDirectory();
      assertThat(Files.readString(h.resolve(".qmail"))).isEqualTo("./Maildir/\n");
      assertThat(admin.users().find(acme, e.user()).orElseThrow().apopSecret()).isEqualTo(e.secret());
    }
    assertThat(assign().lines().filter(l -> l.startsWith("=acme-"))).hasSize(300);
  }

  @Test
  void aDomainWithUsersIsRemovedOnlyByForceAndThenWithTheirMail() throws Exception {
    admin.users().add(ACME, UserName.of("joe"), bytes("pw"), null, Quota.NONE);
    assertThatThrownBy(() -> admin.domains().remove(ACME, false))
        .hasMessage("domain acme.com still has 1 user(s); remove them first, or use -f to remove the domain with its"
            + " users and their mail");
    assertThat(mailhome.resolve("acme.com/j/joe/Maildir")).isDirectory();
    admin.domains().remove(ACME, true);
    assertThat(mailhome.resolve("acme.com")).doesNotExist();
    assertThat(admin.domains().all().domains()).isEmpty();
    assertThat(assign()).doesNotContain("acme-joe");
  }

  @Test
  void removingAUserTakesItsEntryHomeAndRouteButLeavesOthers() throws Exception {
    admin.users().add(ACME, UserName.of("joe"), bytes("pw"), null, Quota.NONE);
    admin.users().add(ACME, UserName.of("jim"), null, "secret", Quota.NONE);
    admin.users().remove(ACME, UserName.of("joe"));
    assertThat(mailhome.resolve("acme.com/j/joe")).doesNotExist();
    assertThat(mailhome.resolve("acme.com/j/jim/Maildir")).isDirectory();
    assertThat(assign()).doesNotContain("acme-joe").contains("=acme-jim:");
    assertThatThrownBy(() -> admin.users().remove(ACME, UserName.of("joe"))).hasMessage("no user joe@acme.com");
  }
}
