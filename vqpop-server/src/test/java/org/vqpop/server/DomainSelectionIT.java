package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.LoginSettings;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
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
    admin.addDomain("first.example", "127.0.0.4", "first.example", "");
    admin.addDomain("a.example", "127.0.0.2", "a.example", "aa");
    admin.addDomain("b.example", "127.0.0.3", "b.example", "bb");
    admin.addUser("first.example", "joe", bytes("firstpass"), null);
    admin.addUser("a.example", "joe", bytes("apass"), null);
    admin.addUser("b.example", "joe", bytes("bpass"), null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ServerFixture server(LoginSettings login) throws Exception {
    return new ServerFixture(VqpopConfig.DEFAULTS.mailhome(root)
        .pop3(List.of(new ListenAddress("127.0.0.2", 0), new ListenAddress("127.0.0.3", 0), new ListenAddress("127.0.0.5", 0)))
        .login(login)
        .limits(new Limits(Duration.ofMinutes(1), 100, 50, 10, Duration.ZERO))
        );
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

  /** SIGHUP's reload of [login]: new logins select domains the new way, a session open before goes on. */
  @Test
  void aReloadOfTheLoginTableChangesHowNewLoginsNameTheirDomain() throws Exception {
    try (ServerFixture f = server(LoginSettings.DEFAULTS)) {
      InetSocketAddress any = on(f, "127.0.0.5");
      assertThat(logsIn(any, "joe%b.example", "bpass")).isFalse();
      try (Pop3Script open = Pop3Script.plain(any)) {
        open.command("USER joe", "+OK");
        open.command("PASS firstpass", "+OK");
        VqpopConfig next = f.config.login(LoginSettings.DEFAULTS.withDomainSelection(true, false, '%'));
        assertThat(f.server.reload(next)).containsExactly("login.use_domain", "login.at_sign");
        assertThat(logsIn(any, "joe%b.example", "bpass")).isTrue();
        assertThat(logsIn(any, "bb-joe", "bpass")).isFalse();
        open.command("STAT", "+OK");
        // the same configuration again: nothing to apply
        assertThat(f.server.reload(next)).isEmpty();
      }
    }
  }

  @Test
  void userAtDomainWithAConfiguredAtSignAndPrefixUser() throws Exception {
    try (ServerFixture f = server(LoginSettings.DEFAULTS.withDomainSelection(true, true, '%').withAllowPlaintext(false))) {
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
    try (ServerFixture f = server(LoginSettings.DEFAULTS.withDomainSelection(true, false, '@').withAllowPlaintext(false))) {
      InetSocketAddress any = on(f, "127.0.0.5");
      assertThat(logsIn(any, "sue@a.example", "suepass")).isFalse();
      admin.addUser("a.example", "sue", bytes("suepass"), null);
      assertThat(logsIn(any, "sue@a.example", "suepass")).isTrue();
      admin.setPassword("a.example", "sue", bytes("newpass"));
      assertThat(logsIn(any, "sue@a.example", "suepass")).isFalse();
      assertThat(logsIn(any, "sue@a.example", "newpass")).isTrue();
      admin.addDomain("c.example", "127.0.0.6", "c.example", "");
      admin.addUser("c.example", "ann", bytes("annpass"), null);
      Thread.sleep(1100); // the domain table is checked for changes at most once a second
      assertThat(logsIn(any, "ann@c.example", "annpass")).isTrue();
      admin.removeUser("a.example", "sue");
      assertThat(logsIn(any, "sue@a.example", "newpass")).isFalse();
    }
  }
}
