package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vqpop serve} taking mail over LMTP is killed with SIGKILL at random moments while a
 * client delivers in a loop, and started again, several times. Every message the server
 * acknowledged with 250 must then be in the Maildir exactly once and whole; nothing partial may
 * be visible; a message whose 250 never arrived may be there at most once (the MTA would send it
 * again: RFC 5321's duplicate window).
 */
class LmtpCrashIT {
  private static final Pattern ID = Pattern.compile("Message-Id: <(\\d+)@crash\\.test>");
  @TempDir Path tmp;

  static String body(long n) {
    StringBuilder b = new StringBuilder("Message-Id: <" + n + "@crash.test>\r\nSubject: crash " + n + "\r\n\r\n");
    int lines = (int) ((n * 7919) % 3000);
    for (int i = 0; i < lines; i++) {
      b.append(i % 40 == 0 ? "." : "").append("line ").append(i).append(" of message ").append(n).append("\r\n");
    }
    return b.append("end ").append(n).append("\r\n").toString();
  }

  /** What the Maildir must hold for message n: LF line ends, the two delivery headers, no stuffing. */
  static String stored(long n) {
    return "Return-Path: <crash@example.org>\nDelivered-To: joeuser@acme.com\n" + body(n).replace("\r\n", "\n");
  }

  @Test
  void acknowledgedMessagesSurviveSigkillOfTheServerExactlyOnce() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    Path maildir = s.mailhome.resolve("acme.com/j/joeuser/Maildir");
    int port = ServeIT.freePort();
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicLong next = new AtomicLong(1);
    Random random = new Random(4242);
    int rounds = 5;
    for (int round = 0; round < rounds; round++) {
      ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve",
          "--lmtp", "127.0.0.1:" + port)
          .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(s.env);
      Process server = pb.start();
      PostfixIT.awaitPort(port, server);
      AtomicBoolean stop = new AtomicBoolean();
      Thread client = Thread.ofPlatform().start(() -> deliverUntilBroken(port, next, acked, stop));
      Thread.sleep(300 + random.nextInt(1200));
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      client.join(30_000);
    }
    assertThat(acked).as("deliveries were acknowledged").hasSizeGreaterThan(rounds);
    Map<Long, Integer> seen = new HashMap<>();
    List<Path> files;
    try (Stream<Path> f = Stream.concat(Files.list(maildir.resolve("new")), Files.list(maildir.resolve("cur")))) {
      files = f.toList();
    }
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.ISO_8859_1);
      Matcher m = ID.matcher(text);
      assertThat(m.find()).as("%s has its Message-Id", f).isTrue();
      long n = Long.parseLong(m.group(1));
      // The Received: field (after Delivered-To:) varies with the time; the rest is exact.
      assertThat(text.replaceFirst("Received: [^\n]*\n(\t[^\n]*\n)*", "")).as("%s is whole", f).isEqualTo(stored(n));
      assertThat(text).contains("\nReceived: from crash.test ([127.0.0.1])\n");
      seen.merge(n, 1, Integer::sum);
    }
    assertThat(seen.values()).as("nothing twice").allMatch(c -> c == 1);
    assertThat(seen.keySet()).as("every acknowledged message").containsAll(acked);
    assertThat(seen.size() - acked.size()).as("at most one unacknowledged per kill").isBetween(0, rounds);
  }

  /** One LMTP connection, one message after another, until the server goes away. */
  static void deliverUntilBroken(int port, AtomicLong next, Set<Long> acked, AtomicBoolean stop) {
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      sock.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = sock.getOutputStream();
      expect(in, "220");
      send(out, "LHLO crash.test\r\n");
      String line;
      while ((line = in.readLine()) != null && line.startsWith("250-")) {
        // extensions
      }
      while (!stop.get()) {
        long n = next.getAndIncrement();
        send(out, "MAIL FROM:<crash@example.org>\r\n");
        expect(in, "250");
        send(out, "RCPT TO:<joeuser@acme.com>\r\n");
        expect(in, "250");
        send(out, "DATA\r\n");
        expect(in, "354");
        send(out, body(n).replace("\r\n.", "\r\n..") + ".\r\n"); // dot-stuffed (RFC 5321 4.5.2)
        if (expect(in, "250")) {
          acked.add(n);
        }
      }
    } catch (IOException e) {
      // The server was killed: this round is over.
    }
  }

  static boolean expect(BufferedReader in, String code) throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("connection closed");
    }
    if (!line.startsWith(code)) {
      throw new IOException("unexpected reply: " + line);
    }
    return true;
  }

  static void send(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
