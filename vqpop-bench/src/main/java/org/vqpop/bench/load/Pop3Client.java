package org.vqpop.bench.load;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A minimal POP3 client (RFC 1939) on a blocking socket with TCP_NODELAY: one command, one reply.
 * Message bodies are counted, never decoded.
 */
final class Pop3Client implements Closeable {
  private final Socket socket;
  private final LineIn in;
  private final OutputStream out;
  private final String greeting;

  private Pop3Client(Socket socket, int bufferSize) throws IOException {
    this.socket = socket;
    this.in = new LineIn(socket.getInputStream(), bufferSize);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
    this.greeting = in.line();
    if (!greeting.startsWith("+OK")) {
      throw new ServerError("greeting", greeting);
    }
  }

  static Pop3Client connect(InetSocketAddress server, int bufferSize) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    try {
      s.connect(server, 10_000);
      s.setSoTimeout(300_000);
      return new Pop3Client(s, bufferSize);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Sends a command line without waiting (for pipelining); {@link #flush} sends it. */
  void send(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.ISO_8859_1));
    out.write('\r');
    out.write('\n');
  }

  void flush() throws IOException {
    out.flush();
  }

  /** Reads one status line and insists on {@code +OK}. */
  String ok(String what) throws IOException {
    String reply = in.line();
    if (!reply.startsWith("+OK")) {
      throw new ServerError(what, reply);
    }
    return reply;
  }

  String command(String line) throws IOException {
    send(line);
    flush();
    return ok(line.startsWith("PASS ") ? "PASS" : line);
  }

  void user(String login, String password) throws IOException {
    command("USER " + login);
    command("PASS " + password);
  }

  /** APOP with the greeting's timestamp (RFC 1939 §7). */
  void apop(String login, String secret) throws IOException {
    int lt = greeting.indexOf('<');
    int gt = greeting.indexOf('>', lt + 1);
    if (lt < 0 || gt < 0) {
      throw new IOException("no APOP timestamp in the greeting: " + greeting);
    }
    String digest;
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      digest = HexFormat.of().formatHex(
          md5.digest((greeting.substring(lt, gt + 1) + secret).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    command("APOP " + login + " " + digest);
  }

  /** A multi-line command whose body is counted and skipped: octets read. */
  long skip(String line) throws IOException {
    command(line);
    return in.skipMultiline();
  }

  /** A multi-line command whose body lines are returned (dot-stuffing is not undone). */
  List<String> lines(String line) throws IOException {
    command(line);
    List<String> lines = new ArrayList<>();
    for (String l = in.line(); !l.equals("."); l = in.line()) {
      lines.add(l);
    }
    return lines;
  }

  /** STAT: the number of messages. */
  int stat() throws IOException {
    String r = command("STAT");
    String[] f = r.split(" ");
    return Integer.parseInt(f[1]);
  }

  void quit() throws IOException {
    command("QUIT");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
