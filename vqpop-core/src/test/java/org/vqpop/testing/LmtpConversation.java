package org.vqpop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.vqpop.lmtp.LmtpReply;
import org.vqpop.lmtp.LmtpSession;
import org.vqpop.lmtp.LmtpWriter;
import org.vqpop.wire.LineReader;

/**
 * Scripts a conversation with an {@link LmtpSession} as RFC 2033's examples read: {@code
 * c.send("RCPT TO:<bob@example.org>").expect("250 2.1.5 <bob@example.org> recipient OK")}, or
 * {@link #pipeline} a whole batch of bytes through the real {@link LineReader} and check all the
 * replies at once. Replies go through the real {@link LmtpWriter}, so what is checked is the wire
 * text (lines given without CRLF).
 */
public final class LmtpConversation {
  private final LmtpSession session;

  public LmtpConversation(LmtpSession session) {
    this.session = session;
  }

  public LmtpSession session() {
    return session;
  }

  public Exchange greeting() {
    return exchange(session.greeting());
  }

  /** Sends one line (without CRLF). */
  public Exchange send(String line) {
    return exchange(session.handle(line.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /**
   * Sends {@code input} as the client's bytes, all at once (CRLF written out), reading it with the
   * connection's line reader; the exchange holds every reply written, in order.
   */
  public Exchange pipeline(String input) {
    LineReader reader = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
        LmtpSession.MAX_LINE, LineReader.BareLf.REJECT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (;;) {
        LmtpReply reply = switch (reader.read()) {
          case LineReader.Line l -> session.handle(l.bytes());
          case LineReader.Overlong o -> session.overlongLine();
          case LineReader.BareLfLine b -> session.bareLfLine();
          case LineReader.Eof e -> null;
          case LineReader.EofMidLine e -> null;
        };
        if (reply == null) {
          break;
        }
        LmtpWriter.write(reply, out);
        if (reply.after() == LmtpReply.Action.CLOSE) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exchange(out.toString(StandardCharsets.UTF_8));
  }

  private Exchange exchange(LmtpReply reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      LmtpWriter.write(reply, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Exchange x = new Exchange(out.toString(StandardCharsets.UTF_8));
    x.reply = reply;
    return x;
  }

  /** The replies to one send: their wire text. */
  public static final class Exchange {
    private final String wire;
    private LmtpReply reply = LmtpReply.NOTHING;

    Exchange(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public LmtpReply reply() {
      return reply;
    }

    /** The replies are exactly these lines, each followed by CRLF (none at all for no lines). */
    public Exchange expect(String... lines) {
      assertThat(wire).isEqualTo(lines.length == 0 ? "" : String.join("\r\n", lines) + "\r\n");
      return this;
    }

    /** The reply starts with {@code prefix}. */
    public Exchange expectStart(String prefix) {
      assertThat(wire).startsWith(prefix);
      return this;
    }

    public Exchange then(LmtpReply.Action action) {
      assertThat(reply.after()).isEqualTo(action);
      return this;
    }
  }
}
