package org.vqpop.lmtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.delivery.Status;
import org.vqpop.lmtp.LmtpCommand.Verb;

/**
 * Turns a command line (bytes, without CRLF) into an {@link LmtpCommand}: the only place that
 * reads one. Arguments are checked here, parameters included; what depends on the session (its
 * state, the recipients so far) is left to it.
 */
final class LmtpCommandParser {
  private LmtpCommandParser() {}

  /**
   * @param maxMessageSize the largest message accepted: a {@code SIZE} over it is refused at
   *     once, in the order the parameters come
   */
  static LmtpCommand parse(byte[] line, long maxMessageSize) {
    if (line.length > LmtpSession.MAX_COMMAND_LINE) {
      return new LmtpCommand.TooLong();
    }
    // ISO-8859-1 keeps every byte one char, so that non-ASCII bytes are seen and refused.
    String text = new String(line, StandardCharsets.ISO_8859_1);
    int sp = text.indexOf(' ');
    String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
    String arg = sp < 0 ? "" : text.substring(sp + 1);
    return switch (verb) {
      case "LHLO" -> arg.isBlank()
          ? new LmtpCommand.Malformed(Verb.LHLO, LmtpReplies.LHLO_SYNTAX)
          : new LmtpCommand.Lhlo(arg.strip());
      case "HELO", "EHLO" -> new LmtpCommand.Helo();
      case "MAIL" -> mail(arg.stripTrailing(), maxMessageSize);
      case "RCPT" -> rcpt(arg.stripTrailing());
      case "DATA" -> noArgument(arg, Verb.DATA, new LmtpCommand.Data(), LmtpReplies.DATA_SYNTAX);
      case "RSET" -> noArgument(arg, Verb.RSET, new LmtpCommand.Rset(), LmtpReplies.RSET_SYNTAX);
      case "QUIT" -> noArgument(arg, Verb.QUIT, new LmtpCommand.Quit(), LmtpReplies.QUIT_SYNTAX);
      case "NOOP" -> new LmtpCommand.Noop();
      case "VRFY" -> arg.isBlank()
          ? new LmtpCommand.Malformed(Verb.VRFY, LmtpReplies.VRFY_SYNTAX)
          : new LmtpCommand.Vrfy();
      case "EXPN", "HELP", "TURN", "ETRN", "ATRN", "BDAT", "STARTTLS", "AUTH", "SEND", "SOML", "SAML" ->
          new LmtpCommand.NotImplemented(verb);
      default -> new LmtpCommand.Unknown();
    };
  }

  private static LmtpCommand noArgument(String arg, Verb verb, LmtpCommand command, Status syntax) {
    return arg.isBlank() ? command : new LmtpCommand.Malformed(verb, syntax);
  }

  private static LmtpCommand mail(String arg, long maxMessageSize) {
    Envelope.Parsed p = Envelope.parse(arg, "FROM:", true);
    if (p instanceof Envelope.Bad b) {
      return new LmtpCommand.Malformed(Verb.MAIL, b.status());
    }
    Envelope.Path path = (Envelope.Path) p;
    long size = 0;
    for (Map.Entry<String, @Nullable String> e : path.params().entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "SIZE" -> {
          // RFC 1870 §3: size-value is 1*20DIGIT.
          if (v == null || v.length() > 20 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.SIZE_NOT_A_NUMBER);
          }
          size = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
          if (size > maxMessageSize) {
            return new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.sizeExceeded(maxMessageSize));
          }
        }
        case "BODY" -> {
          if (v == null || !(v.equalsIgnoreCase("7BIT") || v.equalsIgnoreCase("8BITMIME"))) {
            return new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.BAD_BODY);
          }
        }
        default -> {
          return new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.parameterNotRecognized("MAIL", e.getKey()));
        }
      }
    }
    return new LmtpCommand.Mail(path.address(), size);
  }

  private static LmtpCommand rcpt(String arg) {
    Envelope.Parsed p = Envelope.parse(arg, "TO:", false);
    if (p instanceof Envelope.Bad b) {
      return new LmtpCommand.Malformed(Verb.RCPT, b.status());
    }
    Envelope.Path path = (Envelope.Path) p;
    if (!path.params().isEmpty()) {
      return new LmtpCommand.Malformed(Verb.RCPT,
          LmtpReplies.parameterNotRecognized("RCPT", path.params().keySet().iterator().next()));
    }
    return new LmtpCommand.Rcpt(path.address());
  }
}
