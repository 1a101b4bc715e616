package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A raw POP3 client for dialogues written like the RFC: {@code send("STAT"); expect("+OK 2 320")}.
 * Lines are read as ISO-8859-1 so that every octet survives. Implicit TLS and STLS use a client
 * that trusts any certificate, with the SNI name given.
 */
final class Pop3Script implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  final String greeting;

  private Pop3Script(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    streams();
    this.greeting = line();
  }

  static Pop3Script plain(InetSocketAddress at) throws IOException {
    return new Pop3Script(new Socket(at.getAddress(), at.getPort()));
  }

  static Pop3Script implicitTls(InetSocketAddress at, @Nullable String sni) throws IOException {
    Socket raw = new Socket(at.getAddress(), at.getPort());
    return new Pop3Script(tls(raw, sni));
  }

  static SSLSocket tls(Socket raw, @Nullable String sni) throws IOException {
    SSLSocket s = (SSLSocket) TestCerts.trustAll().getSocketFactory()
        .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
    s.setUseClientMode(true);
    SSLParameters p = s.getSSLParameters();
    p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** STLS, then the handshake; the session goes on encrypted. */
  Pop3Script stls(@Nullable String sni) throws IOException {
    send("STLS");
    expect("+OK");
    socket = tls(socket, sni);
    streams();
    return this;
  }

  X509Certificate peerCertificate() throws IOException {
    return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
  }

  String tlsProtocol() {
    return ((SSLSocket) socket).getSession().getProtocol();
  }

  Pop3Script send(String line) throws IOException {
    return raw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  Pop3Script raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one line; asserts that it starts with {@code prefix}; returns it. */
  String expect(String prefix) throws IOException {
    String l = line();
    assertThat(l).as("reply").startsWith(prefix);
    return l;
  }

  /** A command and its one-line reply, which must start with {@code prefix}. */
  String command(String line, String prefix) throws IOException {
    send(line);
    return expect(prefix);
  }

  /** A command with a multi-line reply: the lines between {@code +OK} and ".", un-stuffed. */
  List<String> multiline(String line) throws IOException {
    send(line);
    expect("+OK");
    List<String> lines = new ArrayList<>();
    for (String l = line(); !l.equals("."); l = line()) {
      lines.add(l.startsWith(".") ? l.substring(1) : l);
    }
    return lines;
  }

  /** The message as received: RETR's lines, un-stuffed, joined with CRLF. */
  String retr(int msg) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l : multiline("RETR " + msg)) {
      b.append(l).append("\r\n");
    }
    return b.toString();
  }

  void login(String user, String password) throws IOException {
    command("USER " + user, "+OK");
    command("PASS " + password, "+OK");
  }

  /** A line without CRLF; fails on end of stream. */
  String line() throws IOException {
    String l = lineOrNull();
    if (l == null) {
      throw new IOException("connection closed by the server");
    }
    return l;
  }

  /** A line, or null at end of stream. */
  @Nullable String lineOrNull() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return null;
  }

  /** Whether the server closed the connection (reads to the end, which must come soon). */
  boolean closedByServer() {
    try {
      return lineOrNull() == null;
    } catch (IOException e) {
      return true; // a reset is a close too
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
