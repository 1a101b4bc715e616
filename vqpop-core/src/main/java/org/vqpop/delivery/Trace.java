package org.vqpop.delivery;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code Received:} trace field (RFC 5321 §4.4) says about one LMTP transaction: the name
 * the client gave in LHLO, its address, this host, the transaction's id and when the data ended.
 * {@link #header} writes the field for one recipient, as Dovecot's and Postfix's LMTP servers do:
 *
 * <pre>
 * Received: from client.example ([192.0.2.1])
 *         by mx.example (vqpop) with LMTP id 1a2b3c4d-1
 *         for &lt;joe@acme.com&gt;; Wed, 2 Dec 2026 06:10:00 +0000
 * </pre>
 *
 * The field is folded (LF, then a tab) and ends with LF, as the message is stored. Only text that
 * is safe in a header gets in: the LHLO name is cut to printable ASCII without {@code ()[];},
 * since it is whatever the client said.
 *
 * @param helo the LHLO argument as the client sent it
 * @param clientAddress the client's IP address, or null (a unix socket)
 * @param byHost this server's name
 * @param id the transaction's id, for matching the field with the server's log
 * @param at when the data ended
 */
public record Trace(String helo, @Nullable String clientAddress, String byHost, String id, ZonedDateTime at) {
  /** RFC 5322 §3.3's date-time with a numeric zone. */
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

  /** The whole field, for {@code recipient} (the mailbox it is stored for), ending with LF. */
  public String header(String recipient) {
    String name = safe(helo);
    String from;
    if (clientAddress == null) {
      from = name + " (unix socket)";
    } else {
      String literal = clientAddress.indexOf(':') >= 0 ? "[IPv6:" + clientAddress + "]" : "[" + clientAddress + "]";
      // RFC 5321 §4.4's TCP-info: the address literal, in a comment after the name given.
      from = name + " (" + literal + ")";
    }
    return "Received: from " + from + "\n\tby " + safe(byHost) + " (vqpop) with LMTP id " + safe(id) + "\n\tfor <"
        + safe(recipient) + ">; " + DATE.format(at) + "\n";
  }

  private static String safe(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 255));
    for (int i = 0; i < s.length() && i < 255; i++) {
      char c = s.charAt(i);
      b.append(c > 0x20 && c < 0x7f && "()[];<>\\\"".indexOf(c) < 0 ? c : '_');
    }
    return b.isEmpty() ? "unknown" : b.toString();
  }
}
