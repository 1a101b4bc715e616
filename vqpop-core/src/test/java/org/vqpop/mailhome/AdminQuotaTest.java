package org.vqpop.mailhome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.cdb.CdbReader;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserRecordCodec;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Quota;

class AdminQuotaTest {
  static final Domain ACME = Domain.of("acme.com");
  static final UserName JOE = UserName.of("joe");

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
    MailHome home = new MailHome(mailhome, tmp.resolve("qmail"), "alias", null, new PasswdFile(passwd));
    admin = new Admin(home, pw -> "$6$salt$hash", Notices.NONE, Duration.ofSeconds(10));
    admin.domains().add(VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme"), null);
    admin.users().add(ACME, JOE, "pw".getBytes(StandardCharsets.US_ASCII), null, Quota.NONE);
  }

  VirtualDomain acme() throws AdminException {
    return admin.domains().get(ACME);
  }

  PopUser joe() throws AdminException {
    return admin.users().find(acme(), JOE).orElseThrow();
  }

  PopUser joeFromCdb() throws IOException {
    try (CdbReader r = CdbReader.open(mailhome.resolve("acme.com/poppasswd.cdb"))) {
      byte[] key = UserRecordCodec.key(UserName.of("joe"));
      byte[] value = r.get(key);
      assertThat(value).isNotNull();
      return UserRecordCodec.decode(key, value).user();
    }
  }

  @Test
  void settingAUsersQuotaRewritesItsLineAndTheCdb() throws Exception {
    admin.quotas().setUser(ACME, JOE, Quota.parse("100M,5000"));
    assertThat(Files.readString(mailhome.resolve("acme.com/poppasswd"))).contains("\njoe:$6$salt$hash::104857600:5000:\n");
    assertThat(joeFromCdb().quotaBytes()).isEqualTo(104857600);
    assertThat(joeFromCdb().quotaMessages()).isEqualTo(5000);

    admin.quotas().setUser(ACME, JOE, Quota.NONE);
    assertThat(Files.readString(mailhome.resolve("acme.com/poppasswd"))).contains("\njoe:$6$salt$hash::::\n");
    assertThat(joeFromCdb().quotaBytes()).isZero();
  }

  @Test
  void aPasswordChangeKeepsTheQuota() throws Exception {
    admin.quotas().setUser(ACME, JOE, new Quota(0, 10));
    admin.users().setPassword(ACME, JOE, "new".getBytes(StandardCharsets.US_ASCII));
    assertThat(joe().quotaMessages()).isEqualTo(10);
  }

  @Test
  void quotaOfAnUnknownUserIsBadInputAndChangesNothing() throws Exception {
    String before = Files.readString(mailhome.resolve("acme.com/poppasswd"));
    assertThatThrownBy(() -> admin.quotas().setUser(ACME, UserName.of("nobody"), new Quota(1, 1)))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.BAD_INPUT))
        .hasMessageContaining("no user nobody");
    assertThat(Files.readString(mailhome.resolve("acme.com/poppasswd"))).isEqualTo(before);
  }

  @Test
  void addUserAndCreateHomeTakeAQuota() throws Exception {
    admin.users().add(ACME, UserName.of("amy"), "pw".getBytes(StandardCharsets.US_ASCII), null, Quota.parse("5000C"));
    assertThat(admin.users().find(acme(), UserName.of("amy")).orElseThrow().quotaMessages()).isEqualTo(5000);

    admin.users().setPassword(ACME, UserName.of("bob"), "pw".getBytes(StandardCharsets.US_ASCII));
    Path h = admin.homes().create(ACME, UserName.of("bob"), Quota.parse("1M"));
    assertThat(h.resolve("Maildir/new")).isDirectory();
    assertThat(admin.users().find(acme(), UserName.of("bob")).orElseThrow().quotaBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void aHomeWithAQuotaNeedsTheUsersEntryFirstAndMakesNothingWithout() throws Exception {
    assertThatThrownBy(() -> admin.homes().create(ACME, UserName.of("carl"), Quota.parse("1M")))
        .hasMessageContaining("no user carl").hasMessageContaining("mkpopdb -a");
    assertThat(mailhome.resolve("acme.com/c/carl")).doesNotExist();
  }

  @Test
  void domainDefaultIsWrittenAtomicallyAndNoneRemovesIt() throws Exception {
    admin.quotas().setDomainDefault(ACME, Quota.parse("100M"));
    Path file = mailhome.resolve("acme.com/quota");
    assertThat(Files.readString(file)).isEqualTo("104857600S\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rw-rw----");
    assertThat(mailhome.resolve("acme.com/quota.tmp")).doesNotExist();
    assertThat(admin.quotas().domainDefault(acme())).isEqualTo(new Quota(104857600, 0));

    admin.quotas().setDomainDefault(ACME, Quota.NONE);
    assertThat(file).doesNotExist();
    assertThat(admin.quotas().domainDefault(acme())).isEqualTo(Quota.NONE);
    admin.quotas().setDomainDefault(ACME, Quota.NONE); // nothing to remove: still fine
  }

  @Test
  void addDomainTakesADefault() throws Exception {
    admin.domains().add(VirtualDomain.of("isp.net", "pop.isp.net", "mboxes.isp.net", "isp"), Quota.parse("2G,10000"));
    assertThat(Files.readString(mailhome.resolve("mboxes.isp.net/quota"))).isEqualTo("2147483648S,10000C\n");
  }

  @Test
  void aMalformedDomainQuotaIsBadInputNamingFileAndLine() throws Exception {
    Files.writeString(mailhome.resolve("acme.com/quota"), "# default\n100 apples\n");
    assertThatThrownBy(() -> admin.quotas().domainDefault(acme()))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.BAD_INPUT))
        .hasMessageStartingWith(mailhome.resolve("acme.com/quota") + ":2: ");
    assertThatThrownBy(() -> admin.quotas().report(acme(), joe())).hasMessageContaining("quota:2:");
  }

  @Test
  void reportTakesUnsetPartsFromTheDomainAndCountsTheMaildirWithoutWriting() throws Exception {
    admin.quotas().setDomainDefault(ACME, Quota.parse("10000S,100C"));
    admin.quotas().setUser(ACME, JOE, Quota.parse("4C"));
    Path maildir = mailhome.resolve("acme.com/j/joe/Maildir");
    Files.writeString(maildir.resolve("new/1700000000.M1P1Q1.host,S=1234,W=1260"), "x\n");
    Files.writeString(maildir.resolve("cur/1700000001.M1P1Q2.host:2,S"), "0123456789");

    QuotaReport r = admin.quotas().report(acme(), joe());
    assertThat(r.own()).isEqualTo(new Quota(0, 4));
    assertThat(r.domainDefault()).isEqualTo(new Quota(10000, 100));
    assertThat(r.effective()).isEqualTo(new Quota(10000, 4));
    assertThat(r.usage()).isEqualTo(new MaildirSize.Usage(1244, 2));
    assertThat(r.source()).isEqualTo(QuotaReport.Source.SCAN);
    assertThat(r.bytesPercent()).isEqualTo(12.4);
    assertThat(r.messagesPercent()).isEqualTo(50.0);
    assertThat(maildir.resolve(MaildirSize.FILE)).doesNotExist();
  }

  @Test
  void reportUsesAMaildirsizeWrittenForTheEffectiveQuotaOnly() throws Exception {
    admin.quotas().setUser(ACME, JOE, Quota.parse("1000S,10C"));
    Path maildir = mailhome.resolve("acme.com/j/joe/Maildir");
    Files.writeString(maildir.resolve(MaildirSize.FILE), "1000S,10C\n500 3\n-100 -1\n");
    QuotaReport r = admin.quotas().report(acme(), joe());
    assertThat(r.source()).isEqualTo(QuotaReport.Source.MAILDIRSIZE);
    assertThat(r.usage()).isEqualTo(new MaildirSize.Usage(400, 2));

    admin.quotas().setUser(ACME, JOE, Quota.parse("2000S"));
    QuotaReport other = admin.quotas().report(acme(), joe());
    assertThat(other.source()).isEqualTo(QuotaReport.Source.SCAN);
    assertThat(other.usage()).isEqualTo(new MaildirSize.Usage(0, 0));
    assertThat(Files.readString(maildir.resolve(MaildirSize.FILE))).isEqualTo("1000S,10C\n500 3\n-100 -1\n");
  }

  @Test
  void reportWithoutAMaildirOrALimit() throws Exception {
    admin.users().setPassword(ACME, UserName.of("nohome"), "pw".getBytes(StandardCharsets.US_ASCII));
    QuotaReport r = admin.quotas().report(acme(), admin.users().find(acme(), UserName.of("nohome")).orElseThrow());
    assertThat(r.source()).isEqualTo(QuotaReport.Source.NO_MAILDIR);
    assertThat(r.effective().unlimited()).isTrue();
    assertThat(r.bytesPercent()).isNull();
    assertThat(r.messagesPercent()).isNull();
    assertThat(List.of(r.usage().bytes(), r.usage().messages())).containsExactly(0L, 0L);
  }

}
