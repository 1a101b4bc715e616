package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.ListenAddress;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.server.tls.SelfSignedCertificate;

/**
 * Real clients against the server: Commons Net (plain, STLS, implicit TLS, APOP), Angus Mail as
 * a mail reader, and curl and Python's poplib as processes. The server listens on plain POP3 and
 * POP3S, and treats loopback as local (plaintext logins allowed), as a default install would.
 */
class RealClientsIT {
  static final String MESSAGE_1 =
      "From: a@example.net\r\nSubject: first\r\n\r\nHello.\r\n.dot line\r\n..\r\n";
  static final String MESSAGE_2 = "From: b@example.net\nSubject: second\n\nbare LF body\n";

  @TempDir Path dir;
  MailFixture mail;
  ServerFixture server;
  Path m1;
  Path m2;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    m1 = mail.deliver(MailFixture.ALICE, MESSAGE_1);
    m2 = mail.deliver(MailFixture.ALICE, MESSAGE_2);
    Path cert = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);
    server = new ServerFixture(mail.config()
        .pop3s(List.of(new ListenAddress("127.0.0.1", 0)))
        .certificate(cert, key)
        );
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String crlf(String s) {
    return s.replaceAll("\r?\n", "\r\n");
  }

  // ---- Commons Net

  static String read(Reader r) throws IOException {
    StringBuilder b = new StringBuilder();
    try (BufferedReader br = new BufferedReader(r)) {
      for (String l = br.readLine(); l != null; l = br.readLine()) {
        b.append(l).append("\r\n");
      }
    }
    return b.toString();
  }

  void commonsNetSession(POP3Client c) throws Exception {
    assertThat(c.login(MailFixture.ALICE, MailFixture.ALICE_PW)).isTrue();
    POP3MessageInfo[] list = c.listMessages();
    assertThat(list).hasSize(2);
    assertThat(list[0].size).isEqualTo(MESSAGE_1.length());
    assertThat(list[1].size).isEqualTo(crlf(MESSAGE_2).length());
    POP3MessageInfo[] uidl = c.listUniqueIdentifiers();
    assertThat(uidl[0].identifier).isEqualTo(MailFixture.name(m1));
    assertThat(read(c.retrieveMessage(1))).isEqualTo(MESSAGE_1);
    assertThat(read(c.retrieveMessage(2))).isEqualTo(crlf(MESSAGE_2));
    assertThat(c.logout()).isTrue();
    c.disconnect();
  }

  @Test
  void commonsNetPlain() throws Exception {
    POP3Client c = new POP3Client();
    c.connect(server.pop3().getAddress(), server.pop3().getPort());
    commonsNetSession(c);
  }

  @Test
  void commonsNetImplicitTls() throws Exception {
    POP3SClient c = new POP3SClient(true);
    c.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
    c.connect(server.pop3s().getAddress(), server.pop3s().getPort());
    commonsNetSession(c);
  }

  @Test
  void commonsNetStls() throws Exception {
    POP3SClient c = new POP3SClient(false);
    c.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
    c.connect(server.pop3().getAddress(), server.pop3().getPort());
    assertThat(c.execTLS()).isTrue();
    commonsNetSession(c);
  }

  @Test
  void commonsNetApop() throws Exception {
    mail.deliver(MailFixture.BOB, "for bob\n");
    POP3Client c = new POP3Client();
    c.connect(server.pop3().getAddress(), server.pop3().getPort());
    String greeting = c.getReplyString().trim();
    String timestamp = greeting.substring(greeting.indexOf('<'), greeting.indexOf('>') + 1);
    assertThat(c.login(MailFixture.BOB, timestamp, MailFixture.BOB_SECRET)).isTrue();
    assertThat(read(c.retrieveMessage(1))).isEqualTo("for bob\r\n");
    c.logout();
    c.disconnect();
  }

  // ---- Angus Mail

  Store angus(String protocol, int port, boolean starttls) throws Exception {
    Properties p = new Properties();
    p.put("mail." + protocol + ".host", "127.0.0.1");
    p.put("mail." + protocol + ".port", String.valueOf(port));
    p.put("mail." + protocol + ".ssl.trust", "*");
    p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    p.put("mail." + protocol + ".connectiontimeout", "10000");
    p.put("mail." + protocol + ".timeout", "10000");
    if (starttls) {
      p.put("mail." + protocol + ".starttls.enable", "true");
      p.put("mail." + protocol + ".starttls.required", "true");
    }
    Store store = Session.getInstance(p).getStore(protocol);
    store.connect(MailFixture.ALICE, MailFixture.ALICE_PW);
    return store;
  }

  void readAndDeleteFirst(Store store) throws Exception {
    Folder inbox = store.getFolder("INBOX");
    inbox.open(Folder.READ_WRITE);
    Message[] messages = inbox.getMessages();
    assertThat(messages).hasSize(2);
    assertThat(messages[0].getSubject()).isEqualTo("first");
    assertThat(messages[1].getSubject()).isEqualTo("second");
    assertThat(((String) messages[1].getContent()).replace("\r\n", "\n")).isEqualTo("bare LF body\n");
    assertThat(((POP3Folder) inbox).getUID(messages[0])).isEqualTo(MailFixture.name(m1));
    messages[0].setFlag(Flags.Flag.DELETED, true);
    inbox.close(true); // expunge: QUIT deletes the marked message
    store.close();
    assertThat(mail.messages(MailFixture.ALICE)).containsExactly(MailFixture.name(m2));
  }

  @Test
  void angusMailReadsAndDeletesOverPop3s() throws Exception {
    readAndDeleteFirst(angus("pop3s", server.pop3s().getPort(), false));
  }

  @Test
  void angusMailReadsAndDeletesOverStls() throws Exception {
    readAndDeleteFirst(angus("pop3", server.pop3().getPort(), true));
  }

  @Test
  void angusMailWithoutExpungeDeletesNothing() throws Exception {
    Store store = angus("pop3", server.pop3().getPort(), false);
    Folder inbox = store.getFolder("INBOX");
    inbox.open(Folder.READ_WRITE);
    inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
    inbox.close(false); // RSET before QUIT
    store.close();
    assertThat(mail.messages(MailFixture.ALICE)).hasSize(2);
  }

  // ---- curl and Python's poplib, as processes

  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit status of %s", command).isZero();
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void curlFetchesOverPop3Pop3sAndStls() throws Exception {
    String user = "alice%40example.org:" + MailFixture.ALICE_PW;
    int plain = server.pop3().getPort();
    assertThat(run(List.of("curl", "-s", "pop3://" + user + "@127.0.0.1:" + plain + "/1"))).isEqualTo(MESSAGE_1);
    assertThat(run(List.of("curl", "-s", "-k", "pop3s://" + user + "@127.0.0.1:" + server.pop3s().getPort() + "/2")))
        .isEqualTo(crlf(MESSAGE_2));
    assertThat(run(List.of("curl", "-s", "-k", "--ssl-reqd", "--user", MailFixture.ALICE + ":" + MailFixture.ALICE_PW,
        "pop3://127.0.0.1:" + plain + "/")))
        .isEqualTo("1 " + MESSAGE_1.length() + "\r\n2 " + crlf(MESSAGE_2).length() + "\r\n");
  }

  static final String POPLIB = """
      import poplib, ssl, sys
      port, mode, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
      ctx = ssl._create_unverified_context()
      if mode == "ssl":
          p = poplib.POP3_SSL("127.0.0.1", port, context=ctx, timeout=20)
      else:
          p = poplib.POP3("127.0.0.1", port, timeout=20)
          if mode == "stls":
              p.stls(ctx)
      if mode == "apop":
          p.apop(user, password)
      else:
          p.user(user)
          p.pass_(password)
      count, size = p.stat()
      print(count, size)
      for i in range(1, count + 1):
          resp, lines, octets = p.retr(i)
          print(octets, p.uidl(i).decode().split()[2])
          sys.stdout.flush()
          sys.stdout.buffer.write(b"".join(l + b"\\r\\n" for l in lines))
      p.dele(1)
      p.quit()
      """;

  List<String> poplib(String mode, int port, String user, String password) throws Exception {
    Path script = dir.resolve("pop.py");
    Files.writeString(script, POPLIB);
    return List.of(run(List.of("python3", script.toString(), String.valueOf(port), mode, user, password))
        .split("\n", -1));
  }

  @Test
  void pythonPoplibOverPlainTlsAndStlsAndApop() throws Exception {
    String expected = "2 " + (MESSAGE_1.length() + crlf(MESSAGE_2).length());
    List<String> out = poplib("plain", server.pop3().getPort(), MailFixture.ALICE, MailFixture.ALICE_PW);
    assertThat(out.get(0)).isEqualTo(expected);
    assertThat(out.get(1)).isEqualTo(MESSAGE_1.length() + " " + MailFixture.name(m1));
    assertThat(String.join("\n", out)).contains(MESSAGE_1).contains(crlf(MESSAGE_2));
    assertThat(mail.messages(MailFixture.ALICE)).containsExactly(MailFixture.name(m2)); // DELE 1, QUIT

    mail.deliver(MailFixture.ALICE, "third\n");
    assertThat(poplib("ssl", server.pop3s().getPort(), MailFixture.ALICE, MailFixture.ALICE_PW).get(0))
        .startsWith("2 ");
    mail.deliver(MailFixture.ALICE, "fourth\n");
    assertThat(poplib("stls", server.pop3().getPort(), MailFixture.ALICE, MailFixture.ALICE_PW).get(0))
        .isEqualTo("2 " + ("third\r\n".length() + "fourth\r\n".length()));
    Path forBob = mail.deliver(MailFixture.BOB, "for bob\n");
    assertThat(poplib("apop", server.pop3().getPort(), MailFixture.BOB, MailFixture.BOB_SECRET))
        .startsWith("1 9", "9 " + MailFixture.name(forBob));
    assertThat(mail.messages(MailFixture.BOB)).isEmpty();
    assertThat(new ArrayList<>(mail.messages(MailFixture.ALICE))).hasSize(1);
  }
}
