package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large messages through the built distribution with a small heap: {@code vqpop serve} with
 * {@code -Xmx128m} takes 8 messages of 40 MB at once over LMTP, and {@code vqpop deliver} with
 * {@code -Xmx64m} takes one of 100 MB on standard input. Held in memory, they would need 320 MB
 * and 100 MB; spooled, each connection holds about 1 MiB. Every copy must be stored byte for byte
 * and no spool file may remain.
 */
class LargeMessageIT {
  static final int SIZE = 40 << 20;
  @TempDir Path tmp;

  /** About {@code size} octets of CRLF lines, with 8-bit text and lines starting with a dot. */
  static byte[] message(int size, int seed) {
    byte[] b = new byte[size];
    String head = "Subject: large " + seed + "\r\nMessage-ID: <" + seed + "@large.test>\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, b, 0, h.length);
    java.util.Random r = new java.util.Random(seed);
    int col = 0;
    for (int i = h.length; i < size - 2; i++) {
      if (col > 0 && (col >= 998 || r.nextInt(80) == 0)) {
        b[i++] = '\r';
        b[i] = '\n';
        col = 0;
        continue;
      }
      int c = col == 0 && r.nextInt(20) == 0 ? '.' : 0x20 + r.nextInt(0xe0);
      b[i] = (byte) (c == 0x7f ? 'x' : c);
      col++;
    }
    b[size - 2] = '\r';
    b[size - 1] = '\n';
    return b;
  }

  /** The SHA-256 of {@code crlf} with CRLF turned into LF, after {@code prefix}. */
  static String stored(String prefix, byte[] crlf) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(prefix.getBytes(StandardCharsets.UTF_8));
    int start = 0;
    for (int i = 0; i < crlf.length - 1; i++) {
      if (crlf[i] == '\r' && crlf[i + 1] == '\n') {
        d.update(crlf, start, i - start);
        start = i + 1;
      }
    }
    d.update(crlf, start, crlf.length - start);
    return HexFormat.of().formatHex(d.digest());
  }

  static String sha256(byte[] b, int off) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(b, off, b.length - off);
    return HexFormat.of().formatHex(d.digest());
  }

  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return b.append("<eof>").toString();
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** One LMTP transaction; returns the reply to the final dot. */
  static String deliver(int port, String rcpt, byte[] message) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(120_000);
      InputStream in = s.getInputStream();
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
      line(in);
      out.write(("LHLO large.test\r\nMAIL FROM:<big@large.test>\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (String r = line(in); r.startsWith("250-"); r = line(in)) {
        // LHLO's extensions
      }
      assertThat(line(in)).startsWith("250 2.1.0");
      assertThat(line(in)).startsWith("250 2.1.5");
      assertThat(line(in)).startsWith("354");
      boolean lineStart = true;
      for (byte b : message) {
        if (lineStart && b == '.') {
          out.write('.');
        }
        out.write(b);
        lineStart = b == '\n';
      }
      out.write(".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return line(in);
    }
  }

  List<Path> newMail(Path maildir) throws IOException {
    try (Stream<Path> f = Files.list(maildir.resolve("new"))) {
      return f.sorted().toList();
    }
  }

  @Test
  void eightFortyMegabyteMessagesAtOnceThroughA128MegabyteHeap() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    Path maildir = s.mailhome.resolve("acme.com/j/joeuser/Maildir");
    int port = ServeIT.freePort();
    Path log = tmp.resolve("serve.log");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve", "--lmtp",
        "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(s.env);
    pb.environment().put("VQPOP_JAVA_OPTS", "-Xmx128m");
    Process server = pb.start();
    try {
      PostfixIT.awaitPort(port, server);
      int n = 8;
      List<byte[]> messages = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        messages.add(message(SIZE, i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<String>> replies = new ArrayList<>();
      for (byte[] m : messages) {
        replies.add(pool.submit(() -> deliver(port, "joeuser@acme.com", m)));
      }
      for (Future<String> r : replies) {
        assertThat(r.get(10, TimeUnit.MINUTES)).as("server log: %s", tail(log))
            .isEqualTo("250 2.0.0 <joeuser@acme.com> delivered");
      }
      pool.shutdown();
      assertThat(server.isAlive()).isTrue();
      List<String> want = new ArrayList<>();
      for (byte[] m : messages) {
        want.add(stored("", m));
      }
      List<String> got = new ArrayList<>();
      for (Path f : newMail(maildir)) {
        byte[] b = Files.readAllBytes(f);
        String text = new String(b, 0, 2000, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("Return-Path: <big@large.test>\nDelivered-To: joeuser@acme.com\nReceived: from large.test ([127.0.0.1])\n");
        got.add(sha256(b, text.indexOf("Subject: large ")));
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(want);
      try (Stream<Path> spool = Files.list(s.mailhome.resolve(".vqpop-spool"))) {
        assertThat(spool).isEmpty();
      }
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void vqpopDeliverSpoolsAHundredMegabytesThroughA64MegabyteHeap() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    byte[] m = message(100 << 20, 42);
    Path in = tmp.resolve("large.eml");
    Files.write(in, m);
    s.env.put("VQPOP_JAVA_OPTS", "-Xmx64m");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "deliver",
        "--max-message-size", "200M", "-f", "big@large.test", "joeuser@acme.com")
        .redirectInput(in.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("deliver.log").toFile());
    pb.environment().putAll(s.env);
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("deliver.log"))).isZero();
    List<Path> files = newMail(s.mailhome.resolve("acme.com/j/joeuser/Maildir"));
    assertThat(files).hasSize(1);
    assertThat(sha256(Files.readAllBytes(files.get(0)), 0))
        .isEqualTo(stored("Return-Path: <big@large.test>\nDelivered-To: joeuser@acme.com\n", m));
  }

  static String tail(Path log) {
    try {
      String t = Files.readString(log, StandardCharsets.ISO_8859_1);
      return t.substring(Math.max(0, t.length() - 3000));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
