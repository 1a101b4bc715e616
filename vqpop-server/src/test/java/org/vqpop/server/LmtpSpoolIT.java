package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.LmtpConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.lmtp.DataPace;
import org.vqpop.testing.OpenFiles;

/**
 * LMTP with large messages, slow clients and a stopping server, over a real loopback socket: a
 * message past the spool threshold is stored byte for byte and its spool file is released after
 * success, refusal and disconnect; a trickling client gets {@code 421 4.4.2} at its deadline or
 * minimum rate with nothing delivered; every copy has a well-formed {@code Received:} field unless
 * it is turned off; stopping tells an idle session {@code 421 4.3.2} at once and lets a session in
 * its data finish first.
 */
class LmtpSpoolIT {
  static final long LIMIT = 64L << 20;

  @TempDir Path dir;
  MailFixture mail;
  ServerFixture server;
  Path spool;

  ServerFixture start(DataPace.Limits data, boolean received) throws Exception {
    mail = new MailFixture(dir);
    spool = dir.resolve("spool");
    server = new ServerFixture(mail.config().pop3(List.of())
        .lmtp(new LmtpConfig(List.of(new ListenAddress("127.0.0.1", 0)), null, LmtpConfig.DEFAULT_SOCKET_MODE, 100,
            data.timeout(), data.minRate(), received))
        .delivery(new DeliveryConfig(LIMIT, "+-", false, "lmtp.test", 1L << 20, spool)),
        (ServerAssembly a) -> a.dataGrace(data.grace()));
    return server;
  }

  ServerFixture start() throws Exception {
    return start(DataPace.Limits.DEFAULTS, true);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A plain LMTP client: one command, its replies. */
  final class Client implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Client() throws IOException {
      socket = new Socket("127.0.0.1", server.server.lmtpAddresses().get(0).getPort());
      socket.setSoTimeout(60_000);
      in = socket.getInputStream();
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      assertThat(reply()).startsWith("220 ");
    }

    /** One reply line, without CRLF; null at the end of the stream. */
    String reply() throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          return b.isEmpty() ? null : b.toString();
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    /** Sends {@code command} and returns its replies (all lines of a multi-line one). */
    List<String> send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> replies = new ArrayList<>();
      String r;
      do {
        r = reply();
        replies.add(r);
      } while (r != null && r.length() > 3 && r.charAt(3) == '-');
      return replies;
    }

    void envelope(String... rcpts) throws IOException {
      assertThat(send("LHLO client.test").get(0)).startsWith("250");
      assertThat(send("MAIL FROM:<big@remote.test>")).containsExactly("250 2.1.0 <big@remote.test> sender OK");
      for (String r : rcpts) {
        assertThat(send("RCPT TO:<" + r + ">")).containsExactly("250 2.1.5 <" + r + "> recipient OK");
      }
      assertThat(send("DATA")).containsExactly("354 go ahead; end with <CRLF>.<CRLF>");
    }

    /** Writes {@code message} (CRLF lines) dot-stuffed; the final dot is separate. */
    void data(byte[] message) throws IOException {
      boolean lineStart = true;
      for (byte b : message) {
        if (lineStart && b == '.') {
          out.write('.');
        }
        out.write(b);
        lineStart = b == '\n';
      }
      out.flush();
    }

    List<String> end(int recipients) throws IOException {
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < recipients; i++) {
        replies.add(reply());
      }
      return replies;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A message of about {@code size} octets: CRLF lines of varied length, 8-bit text, dots at line starts. */
  static byte[] message(int size) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(size + 1000);
    b.writeBytes("From: big@remote.test\r\nSubject: big\r\nMessage-ID: <big@remote.test>\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    java.util.Random r = new java.util.Random(size);
    while (b.size() < size) {
      int len = r.nextInt(r.nextInt(20) == 0 ? 8000 : 120);
      for (int i = 0; i < len; i++) {
        int c = i == 0 && r.nextInt(10) == 0 ? '.' : 0x20 + r.nextInt(0xe0);
        b.write(c == 0x7f ? 'x' : c);
      }
      b.write('\r');
      b.write('\n');
    }
    return b.toByteArray();
  }

  static byte[] lf(byte[] crlf) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(crlf.length);
    for (int i = 0; i < crlf.length; i++) {
      if (!(crlf[i] == '\r' && i + 1 < crlf.length && crlf[i + 1] == '\n')) {
        b.write(crlf[i]);
      }
    }
    return b.toByteArray();
  }

  List<Path> newMail(String address) throws IOException {
    try (Stream<Path> s = Files.list(mail.maildir(address).resolve("new"))) {
      return s.sorted().toList();
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  long openSpoolFiles() {
    try {
      return OpenFiles.under(spool);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The stored copy split into its Received: field and the rest (Received: removed). */
  static String[] receivedAndRest(String stored) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Received: [^\n]*\n(\t[^\n]*\n)*").matcher(stored);
    assertThat(m.find()).as("a Received: field in %s", stored.substring(0, Math.min(300, stored.length()))).isTrue();
    return new String[] {m.group(), stored.substring(0, m.start()) + stored.substring(m.end())};
  }

  @Test
  void aLargeMessageForTwoDomainsIsStoredByteForByteAndItsSpoolFileReleased() throws Exception {
    start();
    byte[] message = message(30 << 20);
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE, "joe@acme.com");
      c.data(message);
      assertThat(openSpoolFiles()).as("spooled while the data comes").isEqualTo(1);
      assertThat(c.end(2)).containsExactly("250 2.0.0 <alice@example.org> delivered", "250 2.0.0 <joe@acme.com> delivered");
      assertThat(c.send("QUIT")).containsExactly("221 2.0.0 lmtp.test closing");
    }
    byte[] body = lf(message);
    for (String rcpt : List.of(MailFixture.ALICE, "joe@acme.com")) {
      Path f = newMail(rcpt).get(0);
      byte[] stored = Files.readAllBytes(f);
      String head = "Return-Path: <big@remote.test>\nDelivered-To: " + rcpt + "\n";
      String start = new String(stored, 0, 1000, StandardCharsets.ISO_8859_1);
      String received = receivedAndRest(start)[0];
      assertThat(start).startsWith(head + received);
      int prefix = head.length() + received.length();
      assertThat(stored.length).isEqualTo(prefix + body.length);
      assertThat(java.util.Arrays.equals(stored, prefix, stored.length, body, 0, body.length)).as("byte-exact").isTrue();
      assertThat(f.getFileName().toString()).contains(",S=" + stored.length + ",");
    }
    await("spool released", () -> openSpoolFiles() == 0);
    try (Stream<Path> names = Files.list(spool)) {
      assertThat(names).isEmpty();
    }
  }

  @Test
  void aClientThatGoesAwayMidDataLeavesNoSpoolAndNoMail() throws Exception {
    start();
    Client c = new Client();
    c.envelope(MailFixture.ALICE);
    c.data(message(5 << 20));
    await("spooled", () -> openSpoolFiles() == 1);
    c.close();
    await("spool released after the disconnect", () -> openSpoolFiles() == 0);
    assertThat(newMail(MailFixture.ALICE)).isEmpty();
  }

  @Test
  void aMessageOverTheLimitReleasesItsSpoolAsSoonAsItPassesIt() throws Exception {
    start();
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      c.data(message(8 << 20));
      await("spooled", () -> openSpoolFiles() == 1);
      c.data(message(60 << 20));
      await("released at the limit, before the end of the data", () -> openSpoolFiles() == 0);
      assertThat(c.end(1)).containsExactly("552 5.3.4 <alice@example.org> message too big");
    }
    assertThat(newMail(MailFixture.ALICE)).isEmpty();
  }

  /** Sends the data slowly: one short line every {@code pause}, until the server closes. */
  static List<String> trickle(Client c, Duration pause, Duration atMost) throws Exception {
    c.socket.setSoTimeout((int) pause.toMillis());
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        c.out.write("slow\r\n".getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
      } catch (IOException e) {
        break; // closed by the server
      }
      try {
        String r = c.reply();
        return r == null ? List.of() : List.of(r, String.valueOf(c.reply()));
      } catch (java.net.SocketTimeoutException e) {
        // nothing yet: go on trickling
      }
    }
    return List.of("still open after " + atMost);
  }

  @Test
  void dataThatTakesTooLongGets421AndDeliversNothing() throws Exception {
    start(new DataPace.Limits(Duration.ofSeconds(2), 0, Duration.ZERO), true);
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      c.data(message(2 << 20));
      long t0 = System.nanoTime();
      assertThat(trickle(c, Duration.ofMillis(100), Duration.ofSeconds(15)))
          .containsExactly("421 4.4.2 lmtp.test data took too long, closing", "null");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    await("spool released", () -> openSpoolFiles() == 0);
    assertThat(newMail(MailFixture.ALICE)).isEmpty();
  }

  @Test
  void dataBelowTheMinimumRateGets421AfterTheGraceEvenFromASilentClient() throws Exception {
    start(new DataPace.Limits(Duration.ofMinutes(10), 100_000, Duration.ofSeconds(1)), true);
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      c.data("Subject: slow\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      // Silent: the server's read must give up when the rate fails, not at the idle timeout.
      c.socket.setSoTimeout(15_000);
      assertThat(c.reply()).isEqualTo("421 4.4.2 lmtp.test data too slow, closing");
      assertThat(c.reply()).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      assertThat(trickle(c, Duration.ofMillis(50), Duration.ofSeconds(15)))
          .containsExactly("421 4.4.2 lmtp.test data too slow, closing", "null");
    }
    assertThat(newMail(MailFixture.ALICE)).isEmpty();
  }

  @Test
  void noReceivedFieldWhenTurnedOff() throws Exception {
    start(DataPace.Limits.DEFAULTS, false);
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      c.data("Subject: plain\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.end(1)).containsExactly("250 2.0.0 <alice@example.org> delivered");
    }
    assertThat(Files.readString(newMail(MailFixture.ALICE).get(0)))
        .isEqualTo("Return-Path: <big@remote.test>\nDelivered-To: alice@example.org\nSubject: plain\n\nhi\n");
  }

  @Test
  void theReceivedFieldNamesClientServerProtocolRecipientAndDate() throws Exception {
    start();
    try (Client c = new Client()) {
      c.envelope(MailFixture.ALICE);
      c.data("Subject: traced\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.end(1)).containsExactly("250 2.0.0 <alice@example.org> delivered");
    }
    String stored = Files.readString(newMail(MailFixture.ALICE).get(0));
    String[] parts = receivedAndRest(stored);
    assertThat(parts[1]).isEqualTo("Return-Path: <big@remote.test>\nDelivered-To: alice@example.org\nSubject: traced\n\nhi\n");
    assertThat(parts[0]).matches("Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\n"
        + "\tby lmtp\\.test \\(vqpop\\) with LMTP id [0-9a-z]+-1\n"
        + "\tfor <alice@example\\.org>; [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\n");
    String date = parts[0].substring(parts[0].indexOf("; ") + 2).strip();
    java.time.ZonedDateTime when = java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(Duration.between(when.toInstant(), java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void stoppingTellsAnIdleSession421AtOnceAndLetsOneInItsDataFinish() throws Exception {
    start();
    Client idle = new Client();
    assertThat(idle.send("LHLO idle.test").get(0)).startsWith("250");
    Client busy = new Client();
    busy.envelope(MailFixture.ALICE);
    busy.data(message(3 << 20));
    long t0 = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.server.stop(Duration.ofSeconds(30)));
    assertThat(idle.reply()).isEqualTo("421 4.3.2 lmtp.test shutting down");
    assertThat(idle.reply()).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(stopping).isNotDone();
    busy.data(message(1 << 20));
    assertThat(busy.end(1)).containsExactly("250 2.0.0 <alice@example.org> delivered");
    assertThat(busy.reply()).isEqualTo("421 4.3.2 lmtp.test shutting down");
    stopping.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(newMail(MailFixture.ALICE)).hasSize(1);
    idle.close();
    busy.close();
    server = null;
  }
}
