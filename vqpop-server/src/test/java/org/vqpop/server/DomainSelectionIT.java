package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.MailHome;

/**
 * The seed's domain selection through the real login backend: the local address the client
 * connected to (tcpserver's TCPLOCALHOST), user@domain with a configured at-sign, prefix-user, the
 * SNI name, and changes made by the admin commands taking effect for the next login.
 */
class DomainSelectionIT {
  @TempDir Path dir;
  Admin admin;
  Path root;

  @BeforeEach
  void mailHome() throws Exception {
    root = dir.resolve("mailhome");
    Files.createDirectories(root);
    MailHome home = new MailHome(root, dir.resolve("qmail"), System.getProperty("user.name"), dir, PasswdFile.SYSTEM);
    PasswordHasher hasher = PasswordHasher.defaults();
    admin = new Admin(home, pw -> hasher.hash(PasswordScheme.SHA512_CRYPT, pw), m -> {}, Duration.ofSeconds(10));
    admin.domains().add(VirtualDomain.of("first.example", "127.0.0.4", "first.example", ""), null);
    admin.domains().add(VirtualDomain.of("a.example", "127.0.0.2", "a.example", "aa"), null);
    admin.domains().add(VirtualDomain.of("b.example", "127.0.0.3", "b.example", "bb"), null);
    admin.users().add(Domain.of("first.example"), UserName.of("joe"), bytes("firstpass"), null, Quota.NONE);
    admin.users().add(Domain.of("a.example"), UserName.of("joe"), bytes("apass"), null, Quota.NONE);
    admin.users().add(Domain.of("b.example"), UserName.of("joe"), bytes("bpass"), null, Quota.NONE);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ServerFixture server(LoginSettings login) throws Exception {
    return new ServerFixture(new ServerConfigBuilder().mailhome(root)
        .pop3(List.of(new ListenAddress("127.0.0.2", 0), new ListenAddress("127.0.0.3", 0), new ListenAddress("127.0.0.5", 0)))
        .login(login)
        .limits(new Limits(Duration.ofMinutes(1), 100, 50, 10, Duration.ZERO))
        .build());
  }

  private static boolean logsIn(InetSocketAddress at, String user, String pass) throws Exception {
    try (Pop3Script s = Pop3Script.plain(at)) {
      s.command("USER " + user, "+OK");
      String reply = s.send("PASS " + pass).line();
      s.send("QUIT");
      return reply.startsWith("+OK");
    }
  }

  private static InetSocketAddress on(ServerFixture f, String address) {
    return f.server.pop3Addresses().stream().filter(a -> a.getAddress().getHostAddress().equals(address)).findFirst()
        .orElseThrow();
  }

  @Test
  void theLocalAddressSelectsTheDomainWhoseHostItIs() throws Exception {
    try (ServerFixture f = server(LoginSettings.DEFAULTS)) {
      assertThat(logsIn(on(f, "127.0.0.2"), "joe", "apass")).isTrue();
      assertThat(logsIn(on(f, "127.0.0.2"), "joe", "bpass")).isFalse();
      assertThat(logsIn(on(f, "127.0.0.3"), "joe", "bpass")).isTrue();
      assertThat(logsIn(on(f, "127.0.0.3"), "joe", "apass")).isFalse();
      // an address that is no domain's host: the first domain, as the seed under inetd
      assertThat(logsIn(on(f, "127.0.0.5"), "joe", "firstpass")).isTrue();
      // without use-domain, user@domain is just a user name that does not exist
      assertThat(logsIn(on(f, "127.0.0.2"), "joe@b.example", "bpass")).isFalse();
    }
  }

  @Test
  void userAtDomainWithAConfiguredAtSignAndPrefixUser() throws Exception {
    try (ServerFixture f = server(new LoginSettings(false, true, true, "%"))) {
      InetSocketAddress any = on(f, "127.0.0.5");
      assertThat(logsIn(any, "joe%b.example", "bpass")).isTrue();
      assertThat(logsIn(any, "joe%a.example", "apass")).isTrue();
      assertThat(logsIn(any, "joe%a.example", "bpass")).isFalse();
      assertThat(logsIn(any, "joe%nosuch.example", "bpass")).isFalse();
      assertThat(logsIn(any, "bb-joe", "bpass")).isTrue();
      assertThat(logsIn(any, "aa-joe", "apass")).isTrue();
    }
  }

  @Test
  void adminChangesTakeEffectWithoutARestart() throws Exception {
    try (ServerFixture f = server(new LoginSettings(false, true, false, "@"))) {
      InetSocketAddress any = on(f, "127.0.0.5");
      assertThat(logsIn(any, "sue@a.example", "suepass")).isFalse();
      admin.users().add(Domain.of("a.example"), UserName.of("sue"), bytes("suepass"), null, Quota.NONE);
      assertThat(logsIn(any, "sue@a.example", "suepass")).isTrue();
      admin.users().setPassword(Domain.of("a.example"), UserName.of("sue"), bytes("newpass"));
      assertThat(logsIn(any, "sue@a.example", "suepass")).isFalse();
      assertThat(logsIn(any, "sue@a.example", "newpass")).isTrue();
      admin.domains().add(VirtualDomain.of("c.example", "127.0.0.6", "c.example", ""), null);
      admin.users().add(Domain.of("c.example"), UserName.of("ann"), bytes("annpass"), null, Quota.NONE);
      Thread.sleep(1100); // the domain table is checked for changes at most once a second
      assertThat(logsIn(any, "ann@c.example", "annpass")).isTrue();
      admin.users().remove(Domain.of("a.example"), UserName.of("sue"));
      assertThat(logsIn(any, "sue@a.example", "newpass")).isFalse();
    }
  }
}
