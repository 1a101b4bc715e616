package org.vqpop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.vqpop.pop3.Pop3Reply;
import org.vqpop.pop3.Pop3Session;
import org.vqpop.pop3.ReplyWriter;

/**
 * Scripts a conversation with a {@link Pop3Session} the way RFC 1939's examples read: {@code
 * c.send("STAT").expect("+OK 2 320")}. Replies go through the real {@link ReplyWriter}, so what
 * is checked is the exact wire text (lines given without CRLF).
 */
public final class Pop3Conversation {
  private final Pop3Session session;
  private final ReplyWriter writer = new ReplyWriter();

  public Pop3Conversation(Pop3Session session) {
    this.session = session;
  }

  public Pop3Session session() {
    return session;
  }

  /** Writes the greeting. */
  public Exchange greeting() {
    return exchange(session.greeting());
  }

  /** Sends one command line (without CRLF). */
  public Exchange send(String line) {
    return exchange(session.handle(line.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends raw bytes as one line. */
  public Exchange send(byte[] line) {
    return exchange(session.handle(line));
  }

  private Exchange exchange(Pop3Reply reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(reply, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exchange(reply, out.toString(StandardCharsets.UTF_8));
  }

  /** One reply: its value and its wire text. */
  public final class Exchange {
    private final Pop3Reply reply;
    private final String wire;

    Exchange(Pop3Reply reply, String wire) {
      this.reply = reply;
      this.wire = wire;
    }

    public Pop3Reply reply() {
      return reply;
    }

    public String wire() {
      return wire;
    }

    /** The reply is exactly these lines, each followed by CRLF. */
    public Exchange expect(String... lines) {
      assertThat(wire).isEqualTo(String.join("\r\n", lines) + "\r\n");
      return this;
    }

    /** The reply's first line starts with {@code prefix}. */
    public Exchange expectStart(String prefix) {
      assertThat(wire).startsWith(prefix);
      return this;
    }

    /** The reply asks the connection to do {@code action} afterwards. */
    public Exchange then(Pop3Reply.Action action) {
      assertThat(reply.after()).isEqualTo(action);
      return this;
    }
  }
}
