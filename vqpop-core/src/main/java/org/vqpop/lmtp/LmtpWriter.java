package org.vqpop.lmtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.vqpop.delivery.Status;

/**
 * Turns {@link LmtpReply} values into bytes: the only place that knows the wire form of a reply.
 * Does not flush: the connection decides when, so that replies to pipelined commands leave in one
 * write (RFC 2920 §3.2).
 */
public final class LmtpWriter {
  private LmtpWriter() {}

  public static void write(LmtpReply reply, OutputStream out) throws IOException {
    switch (reply) {
      case LmtpReply.Single s -> line(s.status().line(), out);
      case LmtpReply.Extensions e -> {
        line((e.keywords().isEmpty() ? "250 " : "250-") + e.name(), out);
        for (int i = 0; i < e.keywords().size(); i++) {
          line((i == e.keywords().size() - 1 ? "250 " : "250-") + e.keywords().get(i), out);
        }
      }
      case LmtpReply.PerRecipient p -> {
        for (Status s : p.statuses()) {
          line(s.line(), out);
        }
      }
      case LmtpReply.Nothing n -> {}
    }
  }

  private static void line(String text, OutputStream out) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }
}
