package org.vqpop.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.vqpop.wire.MessageWriter;

/**
 * Turns {@link Pop3Reply} values into bytes: the only place that knows the wire format of a
 * reply. Holds one 64 KiB buffer; one per connection, not thread-safe.
 *
 * <p>If writing a message fails half-way (the stored file broke, or the client went away), the
 * exception is thrown: a multi-line response cannot be repaired, so the connection must close.
 */
public final class ReplyWriter {
  private final MessageWriter writer = new MessageWriter();

  /** Writes {@code reply} completely and flushes {@code out}. Closes a message's stream. */
  public void write(Pop3Reply reply, OutputStream out) throws IOException {
    switch (reply) {
      case Pop3Reply.Status s -> {
        out.write(statusLine(s.ok(), s.code(), s.text()));
        out.flush();
      }
      case Pop3Reply.Listing l ->
          writer.writeLines(statusLine(true, null, l.text()), l.lines().iterator(), out);
      case Pop3Reply.Message m -> {
        try (InputStream body = m.body()) {
          writer.writeMessage(statusLine(true, null, m.text()), body, m.bodyLines(), out);
        }
      }
      case Pop3Reply.Challenge c -> {
        out.write(("+ " + c.base64() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
  }

  /**
   * For a reply that will not be written (the connection is gone): releases what it holds, i.e.
   * closes a message's stream.
   */
  public static void discard(Pop3Reply reply) {
    if (reply instanceof Pop3Reply.Message m) {
      try {
        m.body().close();
      } catch (IOException ignored) {
        // Nothing to do about it, and nobody to tell.
      }
    }
  }

  /** {@code +OK text} or {@code -ERR [CODE] text} with CRLF (RFC 1939 §3, RFC 2449 §8). */
  static byte[] statusLine(boolean ok, Pop3Reply.@Nullable RespCode code, String text) {
    StringBuilder sb = new StringBuilder(ok ? "+OK" : "-ERR");
    if (code != null) {
      sb.append(" [").append(code.wire()).append(']');
    }
    if (!text.isEmpty()) {
      sb.append(' ').append(text);
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
