package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.LoginSettings;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vqpop.server.tls.SelfSignedCertificate;

/** Limits, timeouts, plaintext policy, STLS injection, shutdown and the session log. */
class ConnectionPolicyIT {
  @TempDir Path dir;
  MailFixture mail;
  final List<ServerFixture> servers = new ArrayList<>();

  @BeforeEach
  void mailHome() {
    mail = new MailFixture(dir);
  }

  @AfterEach
  void stop() {
    servers.forEach(ServerFixture::close);
  }

  ServerFixture start(VqpopConfig b) throws Exception {
    return start(b, InetAddress::isLoopbackAddress);
  }

  ServerFixture start(VqpopConfig b, Predicate<InetAddress> localPeers) throws Exception {
    ServerFixture f = new ServerFixture(b, localPeers);
    servers.add(f);
    return f;
  }

  VqpopConfig withTls() throws Exception {
    Path cert = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);
    return mail.config().certificate(cert, key);
  }

  static Limits limits(Duration idle, int max, int perIp, int bad, Duration delay) {
    return new Limits(idle, max, perIp, bad, delay);
  }

  @Test
  void stlsWithPipelinedCommandsIsRefused() throws Exception {
    ServerFixture f = start(withTls());
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      // The injection: a command sent in plaintext after STLS would run inside the TLS session.
      s.raw("STLS\r\nUSER alice@example.org\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(s.closedByServer()).as("closed without +OK").isTrue();
    }
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.stls("localhost"); // and the honest client still gets TLS
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
    }
  }

  @Test
  void plaintextLoginsAreRefusedFromOtherHostsWithoutTlsAndCapaSaysSo() throws Exception {
    ServerFixture f = start(withTls(), a -> false);
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      assertThat(s.multiline("CAPA")).contains("STLS").doesNotContain("USER", "SASL PLAIN");
      s.command("USER " + MailFixture.ALICE, "-ERR [AUTH]");
      s.command("AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAGFsaWNlcHc=", "-ERR [AUTH]");
      s.stls("localhost");
      assertThat(s.multiline("CAPA")).contains("USER", "SASL PLAIN").doesNotContain("STLS");
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
    }
  }

  @Test
  void allowPlaintextLetsOtherHostsLogInWithoutTls() throws Exception {
    VqpopConfig b = mail.config().login(LoginSettings.DEFAULTS.withDomainSelection(true, true, '@').withAllowPlaintext(true));
    ServerFixture f = start(b, a -> false);
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      assertThat(s.multiline("CAPA")).contains("USER").doesNotContain("STLS");
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
    }
  }

  @Test
  void anIdleClientIsDisconnectedSilently() throws Exception {
    ServerFixture f = start(mail.config().limits(limits(Duration.ofMillis(300), 10, 10, 10, Duration.ZERO)));
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
      long t0 = System.nanoTime();
      // RFC 1939 §3: the autologout timer closes without a response and without UPDATE.
      assertThat(s.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
    }
  }

  @Test
  void anOverlongLineIsAnsweredAndEndsTheSession() throws Exception {
    ServerFixture f = start(mail.config().limits(limits(Duration.ofMinutes(1), 10, 10, 3, Duration.ZERO)));
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.command("NOOP " + "b".repeat(5000), "-ERR");
      assertThat(s.closedByServer()).isTrue();
    }
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.command("USER " + "a".repeat(250), "+OK"); // 255 octets before the CRLF: still a command
      s.command("CAPA", "+OK");
    }
  }

  @Test
  void tooManyBadCommandsEndTheSession() throws Exception {
    ServerFixture f = start(mail.config().limits(limits(Duration.ofMinutes(1), 10, 10, 3, Duration.ZERO)));
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.command("BOGUS", "-ERR");
      s.command("BOGUS", "-ERR");
      s.command("BOGUS", "-ERR");
      assertThat(s.closedByServer()).isTrue();
    }
  }

  @Test
  void connectionsOverThePerAddressLimitAreRefusedWithSysTemp() throws Exception {
    ServerFixture f = start(mail.config().limits(limits(Duration.ofMinutes(1), 10, 2, 10, Duration.ZERO)));
    try (Pop3Script a = Pop3Script.plain(f.pop3()); Pop3Script b = Pop3Script.plain(f.pop3())) {
      assertThat(a.greeting).startsWith("+OK");
      assertThat(b.greeting).startsWith("+OK");
      try (Pop3Script c = Pop3Script.plain(f.pop3())) {
        assertThat(c.greeting).startsWith("-ERR [SYS/TEMP]");
        assertThat(c.closedByServer()).isTrue();
      }
      a.command("QUIT", "+OK");
      awaitOpen(f, 1);
      try (Pop3Script d = Pop3Script.plain(f.pop3())) {
        assertThat(d.greeting).startsWith("+OK");
      }
    }
  }

  @Test
  void theTotalLimitCountsAllListeners() throws Exception {
    VqpopConfig b = withTls()
        .pop3s(List.of(new ListenAddress("127.0.0.1", 0)))
        .limits(limits(Duration.ofMinutes(1), 2, 10, 10, Duration.ZERO));
    ServerFixture f = start(b);
    try (Pop3Script a = Pop3Script.plain(f.pop3()); Pop3Script c = Pop3Script.implicitTls(f.pop3s(), "localhost")) {
      assertThat(c.greeting).startsWith("+OK");
      try (Pop3Script d = Pop3Script.plain(f.pop3())) {
        assertThat(d.greeting).startsWith("-ERR [SYS/TEMP]");
      }
      assertThat(a.greeting).startsWith("+OK");
    }
  }

  @Test
  void failedLoginsArePausedLongerEachTimeFromTheSameAddress() throws Exception {
    ServerFixture f = start(mail.config().limits(limits(Duration.ofMinutes(1), 10, 10, 10, Duration.ofMillis(150))));
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.command("USER " + MailFixture.ALICE, "+OK");
      long t0 = System.nanoTime();
      s.command("PASS wrong", "-ERR [AUTH]");
      Duration first = Duration.ofNanos(System.nanoTime() - t0);
      s.command("USER " + MailFixture.ALICE, "+OK");
      t0 = System.nanoTime();
      s.command("PASS wrong", "-ERR [AUTH]");
      Duration second = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(150));
      assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      t0 = System.nanoTime();
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW); // success is not delayed (a third failure: 600 ms)
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
    }
  }

  @Test
  void stoppingTheServerEndsSessionsWithoutDeletingAnything() throws Exception {
    Path m = mail.deliver(MailFixture.ALICE, "keep\n");
    ServerFixture f = start(mail.config());
    try (Pop3Script s = Pop3Script.plain(f.pop3())) {
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
      s.command("DELE 1", "+OK");
      f.server.stop(Duration.ofMillis(200));
      assertThat(s.closedByServer()).isTrue();
    }
    assertThat(mail.messages(MailFixture.ALICE)).containsExactly(MailFixture.name(m));
  }

  @Test
  void eachSessionLogsOneLineAndFailedLoginsTheirReason() throws Exception {
    // The root logger: a failed login must be one line, whichever logger wrote it.
    Logger logger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      mail.deliver(MailFixture.ALICE, "12345678\n");
      mail.deliver(MailFixture.ALICE, "second\n");
      ServerFixture f = start(mail.config());
      try (Pop3Script s = Pop3Script.plain(f.pop3())) {
        s.command("USER nobody@example.org", "+OK");
        s.command("PASS x", "-ERR");
        s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
        s.retr(1);
        s.command("DELE 1", "+OK");
        s.command("RSET", "+OK");
        s.command("DELE 2", "+OK");
        s.command("QUIT", "+OK");
        s.closedByServer();
      }
      for (int i = 0; i < 100 && lines.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith("session")); i++) {
        Thread.sleep(10);
      }
      List<String> text = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(text.stream().filter(l -> l.contains("nobody@example.org"))).singleElement()
          .satisfies(l -> assertThat(l).startsWith("login failed ")
              .contains("user=nobody@example.org", "method=USER_PASS", "reason=UNKNOWN_USER", "detail=\""));
      assertThat(text.stream().filter(l -> l.startsWith("session"))).singleElement().satisfies(l -> assertThat(l)
          .contains("client=127.0.0.1:", "listener=pop3:127.0.0.1:", "tls=no", "user=alice@example.org",
              "method=USER_PASS", "source=POP_PASSWORD", "retr=1/10", "deleted=1", "end=QUIT"));
      // The same keys as SLF4J key-value pairs, for a structured appender.
      ILoggingEvent session = lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("session"))
          .findFirst().orElseThrow();
      assertThat(session.getKeyValuePairs()).anySatisfy(kv -> {
        assertThat(kv.key).isEqualTo("user");
        assertThat(kv.value).isEqualTo("alice@example.org");
      });
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void listensOnIpv6LoopbackToo() throws Exception {
    ServerFixture f;
    try {
      f = start(mail.config().pop3(List.of(new ListenAddress("::1", 0), new ListenAddress("127.0.0.1", 0))));
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    assertThat(f.server.pop3Addresses()).hasSize(2);
    try (Pop3Script s = Pop3Script.plain(f.server.pop3Addresses().get(0))) {
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW); // ::1 is loopback: plaintext allowed
      s.command("QUIT", "+OK");
    }
  }

  static void awaitOpen(ServerFixture f, int n) throws InterruptedException {
    for (int i = 0; i < 200 && f.server.openConnections() > n; i++) {
      Thread.sleep(10);
    }
  }

}
