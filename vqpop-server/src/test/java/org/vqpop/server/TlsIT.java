package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.server.tls.TlsException;

/**
 * Certificates from the openssl command in the three PEM key formats; SNI choosing among them;
 * reloading; refusing bad files.
 */
class TlsIT {
  @TempDir static Path certs;
  static TestCerts.Pair fallback; // RSA, PKCS#1
  static TestCerts.Pair one; // EC, SEC1
  static TestCerts.Pair two; // EC, PKCS#8

  @TempDir Path dir;

  @BeforeAll
  static void makeCertificates() {
    fallback = TestCerts.rsaPkcs1(certs, "default.test");
    one = TestCerts.ecSec1(certs, "one.test");
    two = TestCerts.ecPkcs8(certs, "two.test");
  }

  /** TLS 1.2 only, with one suite. */
  static TlsSettings suites(TestCerts.Pair fallback, String cipher) {
    TlsSettings t = TlsSettings.NONE.withCertificate(fallback.cert(), fallback.key());
    return new TlsSettings(t.cert(), t.key(), List.of(), t.reloadInterval(), List.of("TLSv1.2"), List.of(cipher),
        t.handshakeTimeout());
  }

  static VqpopConfig withReload(VqpopConfig c, java.time.Duration every) {
    return c.tls(c.tls().withTimes(every, c.tls().handshakeTimeout()));
  }

  ServerFixture start(VqpopConfig b) throws Exception {
    return new ServerFixture(b.pop3s(List.of(new ListenAddress("127.0.0.1", 0))));
  }

  VqpopConfig sniConfig(MailFixture mail) {
    return mail.config()
        .certificate(fallback.cert(), fallback.key())
        .sni(new TlsSettings.SniCertificate(List.of("one.test", "pop.one.test"), one.cert(), one.key()))
        .sni(new TlsSettings.SniCertificate(List.of("*.two.test"), two.cert(), two.key()));
  }

  static String subject(Pop3Script s) throws Exception {
    return s.peerCertificate().getSubjectX500Principal().getName();
  }

  @Test
  void sniChoosesTheCertificateOverPop3sAndStls() throws Exception {
    try (ServerFixture f = start(sniConfig(new MailFixture(dir)))) {
      for (var c : List.of(
          new String[] {"one.test", "CN=one.test"},
          new String[] {"POP.one.test", "CN=one.test"},
          new String[] {"mail.two.test", "CN=two.test"},
          new String[] {"two.test", "CN=default.test"}, // a wildcard needs a label in front
          new String[] {"other.test", "CN=default.test"})) {
        try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), c[0])) {
          assertThat(subject(s)).as(c[0]).isEqualTo(c[1]);
        }
        try (Pop3Script s = Pop3Script.plain(f.pop3()).stls(c[0])) {
          assertThat(subject(s)).as("STLS " + c[0]).isEqualTo(c[1]);
          s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
        }
      }
      try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), null)) {
        assertThat(subject(s)).isEqualTo("CN=default.test");
      }
    }
  }

  @Test
  void opensslSeesTheCertificateForTheNameItAsksFor() throws Exception {
    try (ServerFixture f = start(sniConfig(new MailFixture(dir)))) {
      String port = String.valueOf(f.pop3s().getPort());
      assertThat(sClient("-connect", "127.0.0.1:" + port, "-servername", "one.test")).contains("Peer certificate: CN = one.test");
      assertThat(sClient("-connect", "127.0.0.1:" + port, "-servername", "x.two.test")).contains("Peer certificate: CN = two.test");
      assertThat(sClient("-connect", "127.0.0.1:" + port, "-noservername")).contains("Peer certificate: CN = default.test");
      // Nothing older than TLS 1.2 (RFC 8996).
      assertThat(sClient("-connect", "127.0.0.1:" + port, "-tls1_1")).doesNotContain("CONNECTION ESTABLISHED");
      String stls = sClient("-connect", "127.0.0.1:" + f.pop3().getPort(), "-starttls", "pop3", "-servername", "one.test");
      assertThat(stls).contains("Peer certificate: CN = one.test");
    }
  }

  /**
   * TLS 1.2 offers only AEAD suites with forward secrecy: CBC and static-RSA suites are refused
   * even when the client asks for nothing else; TLS 1.3 works as before.
   */
  @Test
  void opensslGetsOnlyForwardSecretAeadSuites() throws Exception {
    try (ServerFixture f = start(sniConfig(new MailFixture(dir)))) {
      String port = "127.0.0.1:" + f.pop3s().getPort();
      for (String cbcOrStatic : List.of("ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA", "AES128-SHA256", "AES128-GCM-SHA256")) {
        assertThat(sClient("-connect", port, "-tls1_2", "-cipher", cbcOrStatic)).as(cbcOrStatic)
            .doesNotContain("CONNECTION ESTABLISHED");
      }
      assertThat(sClient("-connect", port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"))
          .contains("CONNECTION ESTABLISHED").contains("Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256");
      assertThat(sClient("-connect", port, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"))
          .contains("Ciphersuite: ECDHE-RSA-CHACHA20-POLY1305");
      assertThat(sClient("-connect", port, "-tls1_3")).contains("Protocol version: TLSv1.3");
      // The same for STLS, which shares the context.
      assertThat(sClient("-connect", "127.0.0.1:" + f.pop3().getPort(), "-starttls", "pop3", "-tls1_2", "-cipher",
          "ECDHE-RSA-AES128-SHA")).doesNotContain("CONNECTION ESTABLISHED");
    }
  }

  @Test
  void theSuitesAreConfigurable() throws Exception {
    MailFixture mail = new MailFixture(dir);
    try (ServerFixture f = start(mail.config().tls(suites(fallback, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")))) {
      String port = "127.0.0.1:" + f.pop3s().getPort();
      assertThat(sClient("-connect", port)).contains("Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384");
      assertThat(sClient("-connect", port, "-tls1_3")).doesNotContain("CONNECTION ESTABLISHED");
      assertThat(sClient("-connect", port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"))
          .doesNotContain("CONNECTION ESTABLISHED");
    }
    assertThatThrownBy(() -> start(mail.config().tls(suites(fallback, "TLS_ECDHE_RSA_WITH_NOTHING_SHA256"))))
        .isInstanceOf(TlsException.class).hasMessageContaining("TLS_ECDHE_RSA_WITH_NOTHING_SHA256");
  }

  /**
   * A TLS 1.2 client that asks to renegotiate (s_client's interactive {@code R}) is refused and
   * the connection ends; it would otherwise get a new handshake, and the session go on.
   */
  @Test
  void clientInitiatedRenegotiationIsRefused() throws Exception {
    try (ServerFixture f = start(sniConfig(new MailFixture(dir)))) {
      Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + f.pop3s().getPort(), "-tls1_2",
          "-crlf").redirectErrorStream(true).start();
      StringBuffer out = new StringBuffer();
      Thread reader = Thread.ofVirtual().start(() -> {
        try (var in = p.getInputStream()) {
          byte[] b = new byte[4096];
          for (int n; (n = in.read(b)) > 0; ) {
            out.append(new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
          }
        } catch (java.io.IOException e) {
          // the process ended
        }
      });
      try {
        awaitText(out, "+OK", 30_000);
        p.getOutputStream().write("R\n".getBytes());
        p.getOutputStream().flush();
        awaitText(out, "RENEGOTIATING", 30_000);
        // Refused: the server ends the connection, s_client exits although its input is open.
        // Allowed, the session would go on and CAPA get its answer.
        Thread.sleep(500);
        if (p.isAlive()) {
          p.getOutputStream().write("CAPA\n".getBytes());
          p.getOutputStream().flush();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("s_client ended; output:%n%s", out).isTrue();
        reader.join(5_000);
        String after = out.substring(out.indexOf("RENEGOTIATING"));
        assertThat(after).doesNotContain("+OK").doesNotContain("Verify return code");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  static void awaitText(StringBuffer out, String text, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (out.indexOf(text) < 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no '" + text + "' from s_client within " + millis + " ms:\n" + out);
      }
      Thread.sleep(50);
    }
  }

  static String sClient(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-brief"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write("QUIT\r\n".getBytes());
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes());
  }

  @Test
  void changedCertificateFilesAreReloadedAndBrokenOnesIgnored() throws Exception {
    // certbot's layout: live/ holds symlinks into archive/, switched on renewal.
    Path live = Files.createDirectories(dir.resolve("live"));
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path cert = live.resolve("fullchain.pem");
    Path key = live.resolve("privkey.pem");
    Files.createSymbolicLink(cert, copy(one.cert(), archive));
    Files.createSymbolicLink(key, copy(one.key(), archive));
    MailFixture mail = new MailFixture(dir);
    try (ServerFixture f = start(mail.config().certificate(cert, key))) {
      try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), "x")) {
        assertThat(subject(s)).isEqualTo("CN=one.test");
      }
      assertThat(f.server.reloadCertificates()).isFalse(); // nothing changed
      // Renewal half done: the new key is there, the certificate is still the old one.
      relink(key, copy(two.key(), archive));
      assertThat(f.server.reloadCertificates()).isFalse();
      try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), "x")) {
        assertThat(subject(s)).isEqualTo("CN=one.test");
      }
      relink(cert, copy(two.cert(), archive));
      assertThat(f.server.reloadCertificates()).isTrue();
      try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), "x")) {
        assertThat(subject(s)).isEqualTo("CN=two.test");
      }
    }
  }

  /** SIGHUP's reload: another certificate for new connections; a session over the old one goes on. */
  @Test
  void aReloadWithAnotherCertificateServesItToNewConnectionsOnly() throws Exception {
    MailFixture mail = new MailFixture(dir);
    VqpopConfig first = mail.config().certificate(one.cert(), one.key());
    try (ServerFixture f = start(first)) {
      try (Pop3Script old = Pop3Script.implicitTls(f.pop3s(), "x")) {
        assertThat(subject(old)).isEqualTo("CN=one.test");
        VqpopConfig next = f.config.certificate(two.cert(), two.key());
        assertThat(f.server.reload(next)).containsExactly("tls.cert", "tls.key");
        try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), "x")) {
          assertThat(subject(s)).isEqualTo("CN=two.test");
        }
        assertThat(old.multiline("CAPA")).contains("USER");
        // a key that is not the certificate's: refused, the running certificate stays
        assertThat(f.server.reload(f.config.certificate(one.cert(), two.key()))).isEmpty();
        try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), "x")) {
          assertThat(subject(s)).isEqualTo("CN=two.test");
        }
      }
    }
  }

  static Path copy(Path file, Path dir) throws Exception {
    return Files.copy(file, dir.resolve(file.getFileName()));
  }

  @Test
  void thePollerReloadsByItself() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(one.cert(), cert);
    Files.copy(one.key(), key);
    MailFixture mail = new MailFixture(dir);
    try (ServerFixture f = start(withReload(mail.config().certificate(cert, key), java.time.Duration.ofMillis(100)))) {
      try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), null)) {
        assertThat(subject(s)).isEqualTo("CN=one.test");
      }
      // Key first, then certificate, as a renewal script might: the half-way state is skipped.
      Files.copy(two.key(), key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(two.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
      String seen = "";
      for (int i = 0; i < 100 && !seen.equals("CN=two.test"); i++) {
        Thread.sleep(50);
        try (Pop3Script s = Pop3Script.implicitTls(f.pop3s(), null)) {
          seen = subject(s);
        }
      }
      assertThat(seen).isEqualTo("CN=two.test");
    }
  }

  static void relink(Path link, Path target) throws Exception {
    Path tmp = link.resolveSibling(link.getFileName() + ".new");
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStartNamingTheFile() {
    MailFixture mail = new MailFixture(dir);
    assertThatThrownBy(() -> start(mail.config().certificate(one.cert(), two.key())))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining(two.key().toString())
        .hasMessageContaining("does not belong");
  }

  @Test
  void anEncryptedKeyIsRefused() {
    Path enc = certs.resolve("enc.key");
    TestCerts.run(certs, "openssl", "pkey", "-in", one.key().toString(), "-aes256", "-passout", "pass:x", "-out", enc.toString());
    MailFixture mail = new MailFixture(dir);
    assertThatThrownBy(() -> start(mail.config().certificate(one.cert(), enc)))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("encrypted");
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    MailFixture mail = new MailFixture(dir);
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> start(mail.config().certificate(missing, one.key())))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining(missing.toString());
  }
}
