package org.vqpop.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal POP3 and LMTP client for the AOT training run ({@link AotTraining}): it speaks to the
 * server in-process over loopback so that the recorded run loads and profiles what a real
 * server does. Every reply is checked (a training run that goes wrong fails, rather than
 * recording an error path as the normal one). Not a general client: the certificate is not
 * checked, since the server is our own with a throw-away self-signed one.
 */
final class TrainingClient implements AutoCloseable {
  private static final int TIMEOUT_MS = 30_000;

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  /** The server's greeting (POP3: holds the APOP timestamp). */
  final String greeting;

  private TrainingClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(TIMEOUT_MS);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.greeting = line();
  }

  static TrainingClient connect(InetSocketAddress a) throws IOException {
    Socket s = new Socket();
    s.connect(a, TIMEOUT_MS);
    return new TrainingClient(s);
  }

  /** POP3S: TLS from the first byte. */
  static TrainingClient connectTls(InetSocketAddress a) throws IOException {
    SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket();
    s.connect(a, TIMEOUT_MS);
    s.startHandshake();
    return new TrainingClient(s);
  }

  /** POP3 STLS: the rest of the session over TLS. */
  void startTls() throws IOException {
    ok("STLS");
    SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
    s.setSoTimeout(TIMEOUT_MS);
    s.startHandshake();
    socket = s;
    in = new BufferedInputStream(s.getInputStream());
    out = s.getOutputStream();
  }

  String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    throw new IOException("connection closed by the server");
  }

  void send(String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends a command, expects a reply starting with {@code prefix}, returns it. */
  String expect(String command, String prefix) throws IOException {
    send(command);
    String r = line();
    if (!r.startsWith(prefix)) {
      throw new IOException("training: " + command.split(" ")[0] + " answered '" + r + "', expected " + prefix);
    }
    return r;
  }

  String ok(String command) throws IOException {
    return expect(command, "+OK");
  }

  /** A multi-line reply after {@code +OK}: counts its lines up to the final dot. */
  int multiLine(String command) throws IOException {
    ok(command);
    int lines = 0;
    while (!line().equals(".")) {
      lines++;
    }
    return lines;
  }

  /** The APOP digest of the greeting's timestamp and the secret. */
  String apopDigest(String secret) throws IOException {
    int lt = greeting.indexOf('<');
    int gt = greeting.indexOf('>', lt);
    if (lt < 0 || gt < 0) {
      throw new IOException("training: no APOP timestamp in '" + greeting + "'");
    }
    try {
      byte[] d = MessageDigest.getInstance("MD5")
          .digest((greeting.substring(lt, gt + 1) + secret).getBytes(StandardCharsets.ISO_8859_1));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** LMTP: one message to {@code rcpt}, dot-stuffed, with the one reply LMTP gives per recipient. */
  void lmtpDeliver(String rcpt, String body) throws IOException {
    expect("MAIL FROM:<training@localhost>", "250");
    expect("RCPT TO:<" + rcpt + ">", "250");
    expect("DATA", "354");
    StringBuilder b = new StringBuilder();
    for (String l : body.split("\n", -1)) {
      b.append(l.startsWith(".") ? "." : "").append(l).append("\r\n");
    }
    b.append(".\r\n");
    out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String r = line();
    if (!r.startsWith("250")) {
      throw new IOException("training: LMTP delivery to " + rcpt + " answered '" + r + "'");
    }
  }

  /** A multi-line SMTP/LMTP reply (LHLO): reads to the line without a dash after the code. */
  void lmtpHello() throws IOException {
    send("LHLO training.localhost");
    String r;
    do {
      r = line();
      if (!r.startsWith("250")) {
        throw new IOException("training: LHLO answered '" + r + "'");
      }
    } while (r.length() > 3 && r.charAt(3) == '-');
  }

  private static SSLContext trustAll() throws IOException {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return c;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("training: TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
