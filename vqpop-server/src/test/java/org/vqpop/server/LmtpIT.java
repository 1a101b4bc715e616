package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.LmtpConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.net.pop3.POP3Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.config.DeliveryConfig;

/**
 * LMTP with a real client, swaks (CI installs it), over TCP and a unix socket, into a real mail
 * home; then the delivered mail fetched over POP3 from the same server. The server listens on
 * POP3 and LMTP, with a 64 KiB message limit.
 */
class LmtpIT {
  static final long LIMIT = 64 * 1024;
  static final String MESSAGE = "From: sender@remote.test\r\nTo: alice@example.org\r\nSubject: lmtp test\r\n"
      + "Message-ID: <1@remote.test>\r\n\r\nHello over LMTP.\r\n.a line starting with a dot\r\n..\r\n\r\nBye.\r\n";

  @TempDir Path dir;
  MailFixture mail;
  ServerFixture server;
  Path socket;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    socket = dir.resolve("lmtp.sock");
    server = new ServerFixture(mail.config()
        .lmtp(new LmtpConfig(List.of(new ListenAddress("127.0.0.1", 0)), socket, LmtpConfig.DEFAULT_SOCKET_MODE, 100))
        .delivery(new DeliveryConfig(LIMIT, "+-", false, "lmtp.test"))
        );
  }

  @AfterEach
  void stop() {
    server.close();
  }

  int port() {
    return server.server.lmtpAddresses().get(0).getPort();
  }

  /** Runs swaks over LMTP to the TCP listener; returns the server's replies, one per line. */
  List<String> swaks(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("swaks", "--protocol", "LMTP", "--server", "127.0.0.1",
        "--port", String.valueOf(port()), "--helo", "client.test", "--timeout", "20"));
    command.addAll(List.of(args));
    return run(command);
  }

  static List<String> run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> replies = new ArrayList<>();
    for (String line : new String(out, StandardCharsets.ISO_8859_1).split("\r?\n")) {
      // swaks marks what the server said with "<-" (success) or "<**" (failure).
      if (line.startsWith("<-  ") || line.startsWith("<** ")) {
        replies.add(line.substring(4));
      }
    }
    return replies;
  }

  /**
   * A file for swaks' {@code --data}: {@code content} without its last CRLF, which swaks puts back
   * before the final dot (with it, the message would gain an empty line).
   */
  Path data(String content) throws IOException {
    Path f = Files.createTempFile(dir, "data", ".eml");
    Files.writeString(f, content.substring(0, content.length() - 2), StandardCharsets.ISO_8859_1);
    return f;
  }

  List<Path> newMail(String address) throws IOException {
    try (Stream<Path> s = Files.list(mail.maildir(address).resolve("new"))) {
      return s.sorted().toList();
    }
  }

  static String header(String sender, String mailbox) {
    return "Return-Path: <" + sender + ">\nDelivered-To: " + mailbox + "\n";
  }

  static String lf(String s) {
    return s.replace("\r\n", "\n");
  }

  @Test
  void oneMessageIsDeliveredIntoTheMaildir() throws Exception {
    List<String> replies = swaks("--from", "sender@remote.test", "--to", MailFixture.ALICE, "--data",
        data(MESSAGE).toString());
    assertThat(replies).contains("250 2.1.0 <sender@remote.test> sender OK",
        "250 2.1.5 <alice@example.org> recipient OK", "250 2.0.0 <alice@example.org> delivered",
        "221 2.0.0 lmtp.test closing");
    assertThat(replies.get(0)).isEqualTo("220 lmtp.test LMTP vqpop ready");
    assertThat(replies).contains("250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250 SIZE " + LIMIT);
    List<Path> files = newMail(MailFixture.ALICE);
    assertThat(files).singleElement().satisfies(f -> {
      String stored = Files.readString(f, StandardCharsets.ISO_8859_1);
      assertThat(LmtpSpoolIT.receivedAndRest(stored)[1]).isEqualTo(header("sender@remote.test", MailFixture.ALICE) + lf(MESSAGE));
      assertThat(f.getFileName().toString()).contains(".lmtp.test,S=" + stored.length() + ",W=");
    });
  }

  @Test
  void mixedRecipientsGetTheirOwnReplies() throws Exception {
    List<String> replies = swaks("--from", "sender@remote.test", "--to",
        MailFixture.ALICE + ",nobody@example.org," + MailFixture.BOB + ",joe+lists@acme.com", "--data",
        data(MESSAGE).toString());
    assertThat(replies).containsSubsequence(
        "250 2.1.5 <alice@example.org> recipient OK",
        "550 5.1.1 <nobody@example.org> user unknown",
        "250 2.1.5 <bob@example.org> recipient OK",
        "250 2.1.5 <joe+lists@acme.com> recipient OK",
        "354 go ahead; end with <CRLF>.<CRLF>",
        "250 2.0.0 <alice@example.org> delivered",
        "250 2.0.0 <bob@example.org> delivered",
        "250 2.0.0 <joe@acme.com> delivered");
    assertThat(newMail(MailFixture.ALICE)).hasSize(1);
    assertThat(newMail(MailFixture.BOB)).hasSize(1);
    assertThat(Files.readString(newMail("joe@acme.com").get(0))).startsWith(header("sender@remote.test", "joe@acme.com"));
  }

  @Test
  void pipelinedTransactions() throws Exception {
    List<String> replies = swaks("--pipeline", "--from", "<>", "--to", MailFixture.ALICE + "," + MailFixture.BOB,
        "--data", data(MESSAGE).toString());
    assertThat(replies).contains("250 2.1.0 <> sender OK", "250 2.0.0 <alice@example.org> delivered",
        "250 2.0.0 <bob@example.org> delivered");
    replies = swaks("--pipeline", "--from", "x@remote.test", "--to", "nobody@example.org," + MailFixture.ALICE,
        "--data", data(MESSAGE).toString());
    assertThat(replies).containsSubsequence("550 5.1.1 <nobody@example.org> user unknown",
        "250 2.1.5 <alice@example.org> recipient OK", "354 go ahead; end with <CRLF>.<CRLF>",
        "250 2.0.0 <alice@example.org> delivered");
    assertThat(newMail(MailFixture.ALICE)).hasSize(2);
    assertThat(Files.readString(newMail(MailFixture.BOB).get(0))).startsWith(header("", MailFixture.BOB));
  }

  @Test
  void aMessageOverTheSizeLimitIsRefusedForEveryRecipient() throws Exception {
    String big = MESSAGE + ("x".repeat(99) + "\r\n").repeat(1000);
    List<String> replies = swaks("--from", "sender@remote.test", "--to", MailFixture.ALICE + "," + MailFixture.BOB,
        "--data", data(big).toString());
    assertThat(replies).contains("552 5.3.4 <alice@example.org> message too big",
        "552 5.3.4 <bob@example.org> message too big");
    assertThat(newMail(MailFixture.ALICE)).isEmpty();
  }

  @Test
  void unknownDomainIsRefusedAtRcpt() throws Exception {
    List<String> replies = swaks("--from", "sender@remote.test", "--to", "alice@elsewhere.test", "--data",
        data(MESSAGE).toString());
    assertThat(replies).contains("550 5.1.1 <alice@elsewhere.test> no such domain here");
    assertThat(replies).doesNotContain("354 go ahead; end with <CRLF>.<CRLF>");
  }

  @Test
  void aFullMailboxIsRefusedAfterTheData() throws Exception {
    Files.writeString(mail.domainDir("acme.com").resolve("quota"), "1000S\n");
    List<String> replies = swaks("--from", "sender@remote.test", "--to", "joe@acme.com," + MailFixture.ALICE,
        "--data", data(MESSAGE + ("y".repeat(99) + "\r\n").repeat(20)).toString());
    assertThat(replies).containsSubsequence("250 2.1.5 <joe@acme.com> recipient OK",
        "552 5.2.2 <joe@acme.com> mailbox full", "250 2.0.0 <alice@example.org> delivered");
    assertThat(newMail("joe@acme.com")).isEmpty();
  }

  @Test
  void aMessageThatWasHereBeforeIsALoop() throws Exception {
    List<String> replies = swaks("--from", "sender@remote.test", "--to", MailFixture.ALICE + "," + MailFixture.BOB,
        "--data", data("Delivered-To: alice@example.org\r\n" + MESSAGE).toString());
    assertThat(replies).containsSubsequence(
        "554 5.4.6 <alice@example.org> mail loop: already delivered to this address",
        "250 2.0.0 <bob@example.org> delivered");
  }

  @Test
  void aDeliveredMessageIsFetchedOverPop3AsItWasSent() throws Exception {
    assertThat(swaks("--from", "sender@remote.test", "--to", "alice+pop@example.org", "--data",
        data(MESSAGE).toString())).contains("250 2.0.0 <alice@example.org> delivered");
    // The POP3 scan leaves out files from the current second (qmail-pop3d's rule).
    Thread.sleep(1100 - System.currentTimeMillis() % 1000);
    POP3Client c = new POP3Client();
    c.connect(server.pop3().getAddress(), server.pop3().getPort());
    assertThat(c.login(MailFixture.ALICE, MailFixture.ALICE_PW)).isTrue();
    String expected = "Return-Path: <sender@remote.test>\r\nDelivered-To: alice@example.org\r\n" + MESSAGE;
    String got = read(c.retrieveMessage(1));
    String[] received = LmtpSpoolIT.receivedAndRest(got.replace("\r\n", "\n"));
    assertThat(got).isEqualTo(expected.substring(0, expected.indexOf("From: ")) + received[0].replace("\n", "\r\n")
        + expected.substring(expected.indexOf("From: ")));
    assertThat(c.listMessages()).singleElement().satisfies(i -> assertThat(i.size).isEqualTo(got.length()));
    c.logout();
    c.disconnect();
  }

  static String read(Reader r) throws IOException {
    StringBuilder b = new StringBuilder();
    try (BufferedReader br = new BufferedReader(r)) {
      for (String l = br.readLine(); l != null; l = br.readLine()) {
        b.append(l).append("\r\n");
      }
    }
    return b.toString();
  }

  @Test
  void theUnixSocketDeliversTooAndIsRemovedAtShutdown() throws Exception {
    assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
    List<String> replies = run(List.of("swaks", "--protocol", "LMTP", "--socket", socket.toString(), "--helo",
        "client.test", "--timeout", "20", "--from", "sender@remote.test", "--to", MailFixture.BOB, "--data",
        data(MESSAGE).toString()));
    assertThat(replies).contains("250 2.0.0 <bob@example.org> delivered");
    assertThat(newMail(MailFixture.BOB)).hasSize(1);
    server.close();
    assertThat(socket).doesNotExist();
  }

  @Test
  void aStaleSocketIsReplacedButALiveOneOrAFileIsNot() throws Exception {
    VqpopConfig again = mail.config().pop3(List.of()).lmtp(new LmtpConfig(List.of(), socket,
        LmtpConfig.DEFAULT_SOCKET_MODE, 100));
    assertThatThrownBy(() -> new ServerFixture(again)).hasMessageContaining("another process is listening");
    server.close();
    // A socket file left behind by a process that died.
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    try (ServerFixture s = new ServerFixture(again)) {
      assertThat(talk(SocketChannel.open(UnixDomainSocketAddress.of(socket)), "LHLO c\r\nQUIT\r\n"))
          .startsWith("220 ").contains("\r\n221 2.0.0 ");
    }
    Files.writeString(socket, "not a socket");
    assertThatThrownBy(() -> new ServerFixture(again)).hasMessageContaining("is not a socket");
    assertThat(socket).hasContent("not a socket");
  }

  @Test
  void anIdleClientGets421OverTcpAndTheUnixSocket() throws Exception {
    server.close();
    Limits l = new Limits(Duration.ofSeconds(1), 100, 50, 10, Duration.ZERO);
    try (ServerFixture s = new ServerFixture(mail.config().limits(l)
        .lmtp(new LmtpConfig(List.of(new ListenAddress("127.0.0.1", 0)), socket, LmtpConfig.DEFAULT_SOCKET_MODE, 100))
        )) {
      InetSocketAddress tcp = s.server.lmtpAddresses().get(0);
      assertThat(talk(SocketChannel.open(tcp), "LHLO c\r\n"))
          .endsWith("250 SIZE " + DeliveryConfig.DEFAULT_MAX_MESSAGE_SIZE + "\r\n421 4.4.2 " + s.server.lmtpName()
              + " idle too long, closing\r\n");
      assertThat(talk(SocketChannel.open(UnixDomainSocketAddress.of(socket)), "LHLO c\r\nMAIL FROM:<>\r\n"))
          .endsWith("250 2.1.0 <> sender OK\r\n421 4.4.2 " + s.server.lmtpName() + " idle too long, closing\r\n");
    }
  }

  /** Sends {@code input} at once and reads until the server closes. */
  static String talk(SocketChannel ch, String input) throws IOException {
    try (ch) {
      ch.write(ByteBuffer.wrap(input.getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toString(StandardCharsets.US_ASCII);
    }
  }
}
