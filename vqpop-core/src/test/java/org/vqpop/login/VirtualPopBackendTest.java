package org.vqpop.login;

import static org.assertj.core.api.Assertions.assertThat;
import org.vqpop.config.LoginSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.LoginIdentity;
import org.vqpop.auth.Source;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.cdb.CdbWriter;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserRecordCodec;
import org.vqpop.domain.HostAddresses;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.fs.FileOwner;
import org.vqpop.maildir.Maildirs;
import org.vqpop.mailhome.MailHome;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.store.OpenResult;

/** The backend factory over a real mail home: virtualpopdomains, poppasswd.cdb files and Maildirs. */
class VirtualPopBackendTest {
  @TempDir Path root;
  MailHome home;
  Pop3BackendFactory factory;

  static final VirtualDomain OCE = VirtualDomain.of("oce.nl", "st1-jos.oce.nl", "oce.nl", "");
  static final VirtualDomain ACME = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme");

  static ConnectionInfo conn(String localAddress, String localHost, String sni) {
    return new ConnectionInfo(localAddress, localHost, 110, "192.0.2.1", 40000, sni, sni != null, "pop3");
  }

  void domains(VirtualDomain... ds) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (VirtualDomain d : ds) {
      sb.append(d.toLine()).append('\n');
    }
    Path tmp = root.resolve("vpd.tmp");
    Files.writeString(tmp, sb);
    Files.move(tmp, home.virtualPopDomains(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  void users(VirtualDomain d, PopUser... users) throws Exception {
    Path cdb = home.layout().popPasswdCdb(d);
    Files.createDirectories(cdb.getParent());
    try (CdbWriter w = CdbWriter.create(cdb, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
      for (PopUser u : users) {
        Path h = home.layout().home(d, u.name());
        Files.createDirectories(h);
        Maildirs.create(h.resolve("Maildir"));
        w.add(UserRecordCodec.key(u.name()), UserRecordCodec.encode(u, h));
      }
      w.commit();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    home = new MailHome(root, root.resolve("qmail"), "alias", null, new PasswdFile(root.resolve("passwd")));
    LoginSettings settings = new LoginSettings(true, true, '@', false, Path.of("/etc/passwd"), Path.of("/etc/shadow"),
        java.util.Set.of());
    factory = new VirtualPopBackendFactory(new LoginService(
        new org.vqpop.domain.DomainTable(home.virtualPopDomains(), 0),
        LoginService.resolver(settings, HostAddresses.NONE),
        LoginService.chain(settings, new org.vqpop.directory.CdbUserDirectory(home.layout()), PasswordHasher.defaults())));
    domains(OCE, ACME);
    String hash = PasswordHasher.defaults().hash(PasswordScheme.SHA512_CRYPT, "joepass".getBytes(StandardCharsets.UTF_8));
    users(OCE, PopUser.withPassword(UserName.of("jos"), hash));
    users(ACME, PopUser.withPassword(UserName.of("joeuser"), hash));
  }

  static AuthResult login(Pop3Backend b, String user, String pw) {
    return b.authenticate(new Credentials.UserPass(user, pw.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theLocalHostSelectsTheDomainAndTheMaildirOpens() throws Exception {
    Pop3Backend b = factory.forConnection(conn("127.0.0.2", "mail.acme.com", null));
    AuthResult r = login(b, "joeuser", "joepass");
    assertThat(r).isInstanceOfSatisfying(AuthResult.Success.class, s -> {
      assertThat(s.user()).isEqualTo("joeuser@acme.com");
      LoginIdentity id = s.identity();
      assertThat(id.maildir()).isEqualTo(root.resolve("acme.com/j/joeuser/Maildir"));
      assertThat(id.source()).isEqualTo(Source.POP_PASSWORD);
    });
    Path msg = Files.writeString(root.resolve("acme.com/j/joeuser/Maildir/new/1.host"), "Subject: hi\r\n\r\nhello\r\n");
    // qmail-pop3d hides mail of the current second; this message arrived a minute ago.
    Files.setLastModifiedTime(msg, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    OpenResult o = b.openMailbox((AuthResult.Success) r);
    assertThat(o).isInstanceOfSatisfying(OpenResult.Opened.class, op -> {
      assertThat(op.mailbox().count()).isEqualTo(1);
      op.mailbox().close();
    });
  }

  @Test
  void withoutAnythingToSelectTheFirstDomainIsUsed() {
    Pop3Backend b = factory.forConnection(conn("", null, null));
    assertThat(login(b, "jos", "joepass")).isInstanceOf(AuthResult.Success.class);
    assertThat(login(b, "joeuser", "joepass")).extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.UNKNOWN_USER);
    assertThat(login(b, "joeuser@acme.com", "joepass")).isInstanceOf(AuthResult.Success.class);
    assertThat(login(b, "acme-joeuser", "joepass")).isInstanceOf(AuthResult.Success.class);
    assertThat(factory.forConnection(conn("", null, "acme.com")).authenticate(
        new Credentials.UserPass("joeuser", "joepass".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(AuthResult.Success.class);
  }

  @Test
  void domainsAndUsersAddedWhileRunningAreSeenAtTheNextLogin() throws Exception {
    Pop3Backend b = factory.forConnection(conn("", null, null));
    assertThat(login(b, "sue@isp.net", "suepass")).extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.UNKNOWN_USER);
    VirtualDomain isp = VirtualDomain.of("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp");
    domains(OCE, ACME, isp);
    users(isp, PopUser.withSecret(UserName.of("sue"), "suepass"));
    assertThat(login(b, "sue@isp.net", "suepass")).isInstanceOf(AuthResult.Success.class);
  }

  @Test
  void aBrokenDatabaseOrDomainFileIsATemporaryFailure() throws Exception {
    Pop3Backend b = factory.forConnection(conn("", null, null));
    Files.writeString(home.layout().popPasswdCdb(ACME), "garbage");
    assertThat(login(b, "joeuser@acme.com", "joepass")).extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.TEMPORARY);
    // A domain file that breaks later keeps the last good table...
    Files.writeString(home.virtualPopDomains(), "oce.nl:broken\n");
    assertThat(login(b, "jos", "joepass")).isInstanceOf(AuthResult.Success.class);
    // ...but one that never parsed refuses logins for now, not as unknown users.
    LoginSettings s = LoginSettings.DEFAULTS;
    Pop3Backend fresh = new VirtualPopBackendFactory(new LoginService(
        new org.vqpop.domain.DomainTable(home.virtualPopDomains(), 0), LoginService.resolver(s, HostAddresses.NONE),
        LoginService.chain(s, new org.vqpop.directory.CdbUserDirectory(home.layout()), PasswordHasher.defaults())))
        .forConnection(conn("", null, null));
    assertThat(login(fresh, "jos", "joepass")).extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.TEMPORARY);
  }
}
