package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.LmtpConfig;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vqpop.server.tls.SelfSignedCertificate;

/**
 * Slow clients (issue 11 item 1): connections that trickle bytes must not hold their slots. Each
 * test uses short deadlines; every wait here has a total deadline of its own.
 */
class SlowClientIT {
  static final Duration LOGIN = Duration.ofSeconds(3);
  /** How late a deadline may be enforced: the sweeper's tick, a close, a loaded machine. */
  static final Duration SLACK = Duration.ofSeconds(3);

  @TempDir Path dir;
  MailFixture mail;
  ServerFixture server;
  final Logger pop3Log = (Logger) LoggerFactory.getLogger("vqpop.pop3");
  final ListAppender<ILoggingEvent> logLines = new ListAppender<>();

  @BeforeEach
  void mailHome() {
    mail = new MailFixture(dir);
    logLines.start();
    pop3Log.addAppender(logLines);
  }

  @AfterEach
  void stop() {
    pop3Log.detachAppender(logLines);
    if (server != null) {
      server.close();
    }
  }

  ServerFixture start(VqpopConfig b, UnaryOperator<VqpopConfig> limits) throws Exception {
    server = new ServerFixture(limits.apply(b));
    return server;
  }

  /** The limits, and the TLS handshake timeout (of the [tls] table). */
  static UnaryOperator<VqpopConfig> limits(Duration idle, int max, int perIp, Duration login, Duration handshake) {
    return c -> c.limits(new Limits(idle, max, perIp, Limits.DEFAULTS.maxBadCommands(), Duration.ZERO)
        .withLoginTimeout(login)).tls(c.tls().withTimes(c.tls().reloadInterval(), handshake));
  }

  VqpopConfig withTls() throws Exception {
    Path cert = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);
    return mail.config().certificate(cert, key).pop3s(List.of(new ListenAddress("127.0.0.1", 0)));
  }

  static Socket connect(String from, InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(to, 5000);
    return s;
  }

  /**
   * Sends one byte every {@code every} (never a line end) and reads whatever comes, until the
   * server closes the connection or {@code patience} has passed; returns how long the connection
   * lasted, or null if the server never closed it.
   */
  static Duration trickle(Socket s, byte[] bytes, Duration every, Duration patience) throws IOException {
    return trickle(s, bytes, every, patience, new ByteArrayOutputStream());
  }

  /** As above; what the server sends meanwhile goes to {@code got}. */
  static Duration trickle(Socket s, byte[] bytes, Duration every, Duration patience, ByteArrayOutputStream got)
      throws IOException {
    long t0 = System.nanoTime();
    long end = t0 + patience.toNanos();
    s.setSoTimeout((int) every.toMillis());
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    int i = 0;
    while (System.nanoTime() < end) {
      try {
        int c = in.read();
        if (c < 0) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
        got.write(c);
      } catch (SocketTimeoutException e) {
        try {
          out.write(bytes[i++ % bytes.length]);
          out.flush();
        } catch (IOException closed) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
      } catch (IOException reset) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
    }
    return null;
  }

  static final byte[] X = {'x'};

  @Test
  void aTricklingAttackFromManyAddressesLocksNobodyOut() throws Exception {
    // Five attacking addresses fill every slot (250 connections, 50 per address), each sending a
    // byte a second and never a line end; when closed, an attacker connects again a second later.
    int perAddress = 50;
    int addresses = 5;
    ServerFixture f = start(mail.config(), limits(Duration.ofSeconds(60), perAddress * addresses, perAddress, LOGIN,
        LOGIN));
    AtomicBoolean attacking = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Duration> held = new ConcurrentLinkedQueue<>();
    AtomicInteger neverClosed = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> attackers = new ArrayList<>();
    long waitedMs;
    int refusals;
    for (int a = 0; a < addresses; a++) {
      String from = "127.0.0." + (2 + a);
      for (int c = 0; c < perAddress; c++) {
        attackers.add(Thread.ofVirtual().start(() -> {
          while (attacking.get()) {
            try (Socket s = connect(from, f.pop3())) {
              Duration d = trickle(s, X, Duration.ofSeconds(1), LOGIN.plus(SLACK).plus(SLACK));
              if (d == null) {
                neverClosed.incrementAndGet();
              } else {
                held.add(d);
              }
              Thread.sleep(1000);
            } catch (IOException e) {
              failures.incrementAndGet();
            } catch (InterruptedException e) {
              return;
            }
          }
        }));
      }
    }
    try {
      // Until every slot is held: a client now is refused.
      long full = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (f.server.openConnections() < perAddress * addresses && System.nanoTime() < full) {
        Thread.sleep(20);
      }
      assertThat(f.server.openConnections()).as("the attack holds every slot").isEqualTo(perAddress * addresses);

      // A fresh client from another address keeps trying and logs in, soon after the login
      // deadline has cut the first wave of attackers.
      long t0 = System.nanoTime();
      long giveUp = t0 + LOGIN.plus(SLACK).plus(SLACK).toNanos();
      boolean loggedIn = false;
      int refused = 0;
      while (!loggedIn && System.nanoTime() < giveUp) {
        try (Socket s = connect("127.0.0.200", f.pop3())) {
          s.setSoTimeout(5000);
          Pop3Lines p = new Pop3Lines(s);
          String greeting = p.line();
          if (greeting.startsWith("+OK")) {
            assertThat(p.command("USER " + MailFixture.ALICE)).startsWith("+OK");
            assertThat(p.command("PASS " + MailFixture.ALICE_PW)).startsWith("+OK");
            assertThat(p.command("STAT")).startsWith("+OK");
            loggedIn = true;
          } else {
            assertThat(greeting).startsWith("-ERR [SYS/TEMP]");
            refused++;
          }
        } catch (IOException e) {
          refused++; // refused before the greeting could be read
        }
        if (!loggedIn) {
          Thread.sleep(50);
        }
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - t0);
      waitedMs = waited.toMillis();
      refusals = refused;
      assertThat(loggedIn).as("the fresh client logged in while the attack ran (refused %d times)", refused).isTrue();
      assertThat(waited).isLessThan(LOGIN.plus(SLACK));

      // Let a second wave be cut too, then check every attacking connection that got in.
      Thread.sleep(LOGIN.plus(Duration.ofSeconds(1)).toMillis());
    } finally {
      attacking.set(false);
    }
    for (Thread t : attackers) {
      t.join(Duration.ofSeconds(20));
    }
    System.out.printf("trickling attack: %d connections from %d addresses; fresh client in after %d ms"
        + " (%d refusals); attacking connections closed after %d-%d ms (%d of them)%n", perAddress * addresses,
        addresses, waitedMs, refusals, held.stream().mapToLong(Duration::toMillis).min().orElse(-1),
        held.stream().mapToLong(Duration::toMillis).max().orElse(-1), held.size());
    assertThat(neverClosed).hasValue(0);
    assertThat(failures).hasValue(0);
    assertThat(held).hasSizeGreaterThanOrEqualTo(perAddress * addresses);
    assertThat(held).allSatisfy(d -> assertThat(d).isLessThan(LOGIN.plus(SLACK)));
    assertThat(sessionLines()).anySatisfy(l -> assertThat(l).contains("client=127.0.0.2:", "end=LOGIN_TIMEOUT"));
  }

  @Test
  void aClientThatNeverLogsInIsClosedAtTheLoginDeadlineWhateverItSends() throws Exception {
    ServerFixture f = start(mail.config(), limits(Duration.ofSeconds(60), 10, 10, LOGIN, LOGIN));
    // Whole commands, each answered: still no login.
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      Duration d = trickle(s, "CAPA\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100),
          LOGIN.plus(SLACK).plus(SLACK));
      assertThat(d).isNotNull().isBetween(LOGIN.minusMillis(500), LOGIN.plus(SLACK));
    }
  }

  @Test
  void anOverlongLineWithoutLineEndIsAnsweredAndClosedAtOnce() throws Exception {
    ServerFixture f = start(mail.config(), limits(Duration.ofSeconds(60), 10, 10, Duration.ofSeconds(60),
        Duration.ofSeconds(30)));
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      long t0 = System.nanoTime();
      // 256 octets and no CRLF; the client then waits, sending nothing more.
      s.getOutputStream().write(("NOOP " + "b".repeat(251)).getBytes(StandardCharsets.US_ASCII));
      assertThat(p.line()).startsWith("-ERR");
      assertThat(p.lineOrNull()).as("closed").isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
    assertThat(awaitSessionLine("end=LINE_TOO_LONG")).isTrue();
  }

  @Test
  void aLoggedInClientThatTricklesIsClosedAfterTheIdleTimeout() throws Exception {
    Duration idle = Duration.ofSeconds(2);
    ServerFixture f = start(mail.config(), limits(idle, 10, 10, Duration.ofSeconds(60), Duration.ofSeconds(30)));
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      assertThat(p.command("USER " + MailFixture.ALICE)).startsWith("+OK");
      assertThat(p.command("PASS " + MailFixture.ALICE_PW)).startsWith("+OK");
      // Commands keep the session: several idle spans of them.
      long until = System.nanoTime() + idle.multipliedBy(2).toNanos();
      while (System.nanoTime() < until) {
        assertThat(p.command("NOOP")).startsWith("+OK");
        Thread.sleep(300);
      }
      // Bytes that never complete a command do not.
      Duration d = trickle(s, X, Duration.ofMillis(200), idle.plus(SLACK).plus(SLACK));
      assertThat(d).isNotNull().isBetween(idle.minusMillis(500), idle.plus(SLACK));
    }
    assertThat(awaitSessionLine("end=IDLE_TIMEOUT")).isTrue();
  }

  @Test
  void aClientThatReadsNoReplyIsClosedButASlowReaderGetsItsMessage() throws Exception {
    Duration idle = Duration.ofSeconds(2);
    String line = "y".repeat(1022) + "\n";
    mail.deliver(MailFixture.ALICE, "Subject: big\n\n" + line.repeat(16 * 1024)); // 16 MiB
    ServerFixture f = start(mail.config(), limits(idle, 10, 10, Duration.ofSeconds(60), Duration.ofSeconds(30)));
    // Reads 64 KiB every 25 ms (2.6 MB/s): the RETR takes several idle spans, but the server's
    // writes go on well within one (even with a 4 MB send buffer, which wakes a blocked writer
    // when a third of it is free).
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      s.setReceiveBufferSize(64 * 1024);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      assertThat(p.command("USER " + MailFixture.ALICE)).startsWith("+OK");
      assertThat(p.command("PASS " + MailFixture.ALICE_PW)).startsWith("+OK");
      long t0 = System.nanoTime();
      s.getOutputStream().write("RETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      byte[] tail = new byte[5];
      long end = t0 + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        int n = in.read(buf);
        assertThat(n).as("the server closed the connection of a slow reader").isPositive();
        total += n;
        if (n >= 5) {
          System.arraycopy(buf, n - 5, tail, 0, 5);
        } else {
          System.arraycopy(tail, n, tail, 0, 5 - n);
          System.arraycopy(buf, 0, tail, 5 - n, n);
        }
        if (new String(tail, StandardCharsets.US_ASCII).equals("\r\n.\r\n")) {
          break;
        }
        Thread.sleep(25);
      }
      assertThat(total).isGreaterThan(16L << 20);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(idle.multipliedBy(2));
      // (No command after it: the last megabytes waited in the kernel's buffers, so the server
      // has been waiting for the next command for about an idle span already.)
    }
    // Reads nothing: the server's write cannot go on, and the connection is closed.
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      s.setReceiveBufferSize(64 * 1024);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      assertThat(p.command("USER " + MailFixture.ALICE)).startsWith("+OK");
      assertThat(p.command("PASS " + MailFixture.ALICE_PW)).startsWith("+OK");
      s.getOutputStream().write("RETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      // At the deadline the input is shut, then the socket closed two seconds later (GRACE).
      Duration expected = idle.plus(Duration.ofSeconds(2)).plus(SLACK);
      long end = t0 + expected.plus(SLACK).toNanos();
      while (f.server.openConnections() > 0 && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(f.server.openConnections()).as("connections still open").isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(expected);
    }
    assertThat(awaitSessionLine("end=IDLE_TIMEOUT")).isTrue();
  }

  @Test
  void badCommandsInARowCloseTheSessionAndAGoodOneStartsTheCountOver() throws Exception {
    ServerFixture f = start(mail.config(), c -> c.limits(Limits.DEFAULTS));
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 19; i++) {
          assertThat(p.command("BOGUS")).startsWith("-ERR");
        }
        assertThat(p.command("USER " + MailFixture.ALICE)).startsWith("+OK");
      }
      assertThat(p.command("PASS " + MailFixture.ALICE_PW)).startsWith("+OK");
      for (int i = 0; i < 19; i++) {
        assertThat(p.command("BOGUS")).startsWith("-ERR");
      }
      assertThat(p.command("STAT")).startsWith("+OK");
      for (int i = 0; i < 19; i++) {
        assertThat(p.command("BOGUS")).startsWith("-ERR");
      }
      assertThat(p.command("BOGUS")).startsWith("-ERR too many errors");
      assertThat(p.lineOrNull()).as("closed").isNull();
    }
  }

  @Test
  void aTricklingTlsHandshakeIsClosedAtItsDeadline() throws Exception {
    Duration handshake = Duration.ofSeconds(2);
    ServerFixture f = start(withTls(), limits(Duration.ofSeconds(60), 10, 10, Duration.ofSeconds(60), handshake));
    // The start of a TLS record (handshake, TLS 1.2, 512 octets), then its body a byte at a time.
    byte[] hello = new byte[64];
    hello[0] = 0x16;
    hello[1] = 0x03;
    hello[2] = 0x03;
    hello[3] = 0x02;
    hello[4] = 0x00;
    hello[5] = 0x01; // ClientHello
    try (Socket s = connect("127.0.0.1", f.pop3s())) {
      Duration d = trickle(s, hello, Duration.ofMillis(200), handshake.plus(SLACK).plus(SLACK));
      assertThat(d).as("POP3S").isNotNull().isBetween(handshake.minusMillis(500), handshake.plus(SLACK));
    }
    try (Socket s = connect("127.0.0.1", f.pop3())) {
      s.setSoTimeout(5000);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("+OK");
      assertThat(p.command("STLS")).startsWith("+OK");
      Duration d = trickle(s, hello, Duration.ofMillis(200), handshake.plus(SLACK).plus(SLACK));
      assertThat(d).as("STLS").isNotNull().isBetween(handshake.minusMillis(500), handshake.plus(SLACK));
    }
    assertThat(awaitSessionLine("end=HANDSHAKE_TIMEOUT")).isTrue();
  }

  ServerFixture startLmtp(Path socket, Duration idle) throws Exception {
    server = new ServerFixture(limits(idle, 10, 10, Duration.ofSeconds(60), Duration.ofSeconds(30)).apply(mail.config())
        .lmtp(new LmtpConfig(List.of(new ListenAddress("127.0.0.1", 0)), socket, LmtpConfig.DEFAULT_SOCKET_MODE, 100))
        );
    return server;
  }

  @Test
  void anLmtpClientThatTricklesGets421AfterTheIdleTimeoutOverTcpAndTheUnixSocket() throws Exception {
    Duration idle = Duration.ofSeconds(2);
    Path socket = dir.resolve("lmtp.sock");
    ServerFixture f = startLmtp(socket, idle);
    String closing = "421 4.4.2 " + f.server.lmtpName() + " idle too long, closing\r\n";
    try (Socket s = connect("127.0.0.1", f.server.lmtpAddresses().get(0))) {
      s.getOutputStream().write("LHLO c\r\n".getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      Duration d = trickle(s, "MAIL FROM:<a@b>".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(200),
          idle.plus(SLACK).plus(SLACK), got);
      assertThat(d).as("TCP").isNotNull().isBetween(idle.minusMillis(500), idle.plus(SLACK));
      assertThat(got.toString(StandardCharsets.US_ASCII)).contains("250 SIZE").endsWith(closing);
    }
    // The unix socket: a byte every 200 ms from one thread, reading to the end on another.
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      long t0 = System.nanoTime();
      AtomicBoolean done = new AtomicBoolean();
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          ch.write(ByteBuffer.wrap("LHLO c\r\n".getBytes(StandardCharsets.US_ASCII)));
          while (!done.get()) {
            ch.write(ByteBuffer.wrap(X));
            Thread.sleep(200);
          }
        } catch (IOException | InterruptedException e) {
          // closed by the server
        }
      });
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      Thread reader = Thread.ofVirtual().start(() -> {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
          while (ch.read(buf) >= 0) {
            got.write(buf.array(), 0, buf.position());
            buf.clear();
          }
        } catch (IOException e) {
          // closed
        }
      });
      boolean ended = reader.join(idle.plus(SLACK).plus(SLACK));
      Duration d = Duration.ofNanos(System.nanoTime() - t0);
      done.set(true);
      ch.close();
      writer.join(Duration.ofSeconds(5));
      assertThat(ended).as("the server closed the unix socket connection").isTrue();
      assertThat(d).isBetween(idle.minusMillis(500), idle.plus(SLACK));
      assertThat(got.toString(StandardCharsets.US_ASCII)).endsWith(closing);
    }
  }

  @Test
  void anOverlongLmtpCommandIsAnsweredAndClosedAtOnce() throws Exception {
    ServerFixture f = startLmtp(dir.resolve("lmtp.sock"), Duration.ofSeconds(60));
    try (Socket s = connect("127.0.0.1", f.server.lmtpAddresses().get(0))) {
      s.setSoTimeout(5000);
      Pop3Lines p = new Pop3Lines(s);
      assertThat(p.line()).startsWith("220 ");
      long t0 = System.nanoTime();
      // One octet over the limit and no line end; the client then waits.
      String cmd = "MAIL FROM:<";
      s.getOutputStream().write((cmd + "a".repeat(org.vqpop.lmtp.LmtpSession.MAX_LINE + 1 - cmd.length()))
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(p.line()).isEqualTo("500 5.5.2 line too long");
      assertThat(p.lineOrNull()).as("closed").isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
  }

  List<String> sessionLines() {
    return List.copyOf(logLines.list).stream().map(ILoggingEvent::getFormattedMessage)
        .filter(l -> l.startsWith("session")).toList();
  }

  boolean awaitSessionLine(String text) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < end) {
      if (sessionLines().stream().anyMatch(l -> l.contains(text))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** POP3 lines over a socket whose read timeout the caller has set. */
  static final class Pop3Lines {
    private final InputStream in;
    private final OutputStream out;

    Pop3Lines(Socket s) throws IOException {
      this.in = s.getInputStream();
      this.out = s.getOutputStream();
    }

    String command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return line();
    }

    String line() throws IOException {
      String l = lineOrNull();
      if (l == null) {
        throw new IOException("connection closed by the server");
      }
      return l;
    }

    String lineOrNull() throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      try {
        while ((c = in.read()) >= 0) {
          if (c == '\n') {
            return b.toString().strip();
          }
          b.append((char) c);
        }
      } catch (java.net.SocketException reset) {
        return null;
      }
      return null;
    }
  }
}
