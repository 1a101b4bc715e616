package org.vqpop.bench.load;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal LMTP client (RFC 2033): LHLO once, then MAIL, RCPT, DATA per message, one recipient. */
final class LmtpClient implements Closeable {
  private final Socket socket;
  private final LineIn in;
  private final OutputStream out;

  private LmtpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new LineIn(socket.getInputStream(), 4096);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  static LmtpClient connect(InetSocketAddress server) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    try {
      s.connect(server, 10_000);
      s.setSoTimeout(120_000);
      LmtpClient c = new LmtpClient(s);
      c.reply("greeting", '2');
      c.command("LHLO bench.example", '2');
      return c;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Reads a possibly multi-line reply ({@code 250-...}) and insists on the given first digit. */
  private String reply(String what, char digit) throws IOException {
    String line;
    do {
      line = in.line();
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (line.isEmpty() || line.charAt(0) != digit) {
      throw new ServerError(what, line);
    }
    return line;
  }

  private void command(String line, char digit) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    reply(line, digit);
  }

  /** Delivers one message; {@code stuffedBody} is already dot-stuffed, CRLF, ends with CRLF. */
  void deliver(String from, String rcpt, byte[] stuffedBody) throws IOException {
    command("MAIL FROM:<" + from + ">", '2');
    command("RCPT TO:<" + rcpt + ">", '2');
    command("DATA", '3');
    out.write(stuffedBody);
    out.write(".\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    reply("end of DATA for " + rcpt, '2');
  }

  void quit() throws IOException {
    command("QUIT", '2');
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
