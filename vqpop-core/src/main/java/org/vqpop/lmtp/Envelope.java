package org.vqpop.lmtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.delivery.Status;

/**
 * Parses the arguments of MAIL and RCPT (RFC 5321 §4.1.2): {@code FROM:<path> [params]} and
 * {@code TO:<path> [params]}. Strict where it matters (angle brackets, no control characters,
 * ASCII only, as SMTPUTF8 is not offered) and tolerant where clients commonly stray and nothing is
 * at stake (a space after the colon, several spaces between parameters). A source route ({@code
 * <@a,@b:user@d>}) is accepted and dropped, as §4.1.1.3 says it must be.
 */
final class Envelope {
  private Envelope() {}

  /** The outcome of a parse. */
  sealed interface Parsed {}

  /**
   * A path and its parameters.
   *
   * @param address the mailbox without brackets or route; empty for the null sender {@code <>}
   * @param params keywords upper-cased, in order; a value is null for a keyword without {@code =}
   */
  record Path(String address, Map<String, @Nullable String> params) implements Parsed {}

  /** Not understood; the status says why. */
  record Bad(Status status) implements Parsed {}

  /**
   * Parses {@code arg}, the command line after the verb and its space.
   *
   * @param keyword {@code "FROM:"} or {@code "TO:"}
   * @param sender whether this is MAIL's reverse path (which may be {@code <>})
   */
  static Parsed parse(String arg, String keyword, boolean sender) {
    String usage = sender ? LmtpReplies.MAIL_USAGE : LmtpReplies.RCPT_USAGE;
    if (!arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return new Bad(LmtpReplies.usage(usage, ""));
    }
    int i = keyword.length();
    while (i < arg.length() && arg.charAt(i) == ' ') {
      i++;
    }
    if (i >= arg.length() || arg.charAt(i) != '<') {
      return new Bad(LmtpReplies.usage(usage, "the address goes in angle brackets"));
    }
    int close = closingBracket(arg, i + 1);
    if (close < 0) {
      return new Bad(LmtpReplies.usage(usage, "no closing angle bracket"));
    }
    String path = arg.substring(i + 1, close);
    String rest = arg.substring(close + 1);
    for (int k = 0; k < path.length(); k++) {
      char c = path.charAt(k);
      if (c >= 0x80) {
        return new Bad(LmtpReplies.NON_ASCII_ADDRESS);
      }
      if (c < 0x20 || c == 0x7f) {
        return new Bad(LmtpReplies.badAddress(sender, "control character in the address"));
      }
    }
    if (path.startsWith("@")) {
      int colon = path.indexOf(':');
      if (colon < 0) {
        return new Bad(LmtpReplies.badAddress(sender, "bad source route in the address"));
      }
      path = path.substring(colon + 1);
    }
    if (path.isEmpty()) {
      if (!sender) {
        return new Bad(LmtpReplies.badAddress(sender, "empty recipient address"));
      }
    } else {
      String problem = mailboxProblem(path, sender);
      if (problem != null) {
        return new Bad(LmtpReplies.badAddress(sender, "<" + path + "> " + problem));
      }
    }
    Map<String, @Nullable String> params = new LinkedHashMap<>();
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      return new Bad(LmtpReplies.usage(usage, "a space must follow the address"));
    }
    for (String p : rest.strip().split(" +")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : p.substring(eq + 1);
      if (!isKeyword(key) || (value != null && !isValue(value))) {
        return new Bad(LmtpReplies.malformedParameter(printable(p)));
      }
      if (params.containsKey(key)) {
        return new Bad(LmtpReplies.parameterTwice(key));
      }
      params.put(key, value);
    }
    return new Path(path, params);
  }

  /** The index of the {@code >} closing a path that starts at {@code from}, skipping quoted strings. */
  private static int closingBracket(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      } else if (c == '<' && !quoted) {
        return -1;
      }
    }
    return -1;
  }

  /** What is wrong with {@code local@domain}, or null. {@code Postmaster} alone is a recipient. */
  private static @Nullable String mailboxProblem(String mailbox, boolean sender) {
    int at = mailbox.lastIndexOf('@');
    if (at < 0) {
      return !sender && mailbox.equalsIgnoreCase("postmaster") ? null : "is not user@domain";
    }
    String local = mailbox.substring(0, at);
    String domain = mailbox.substring(at + 1);
    if (local.isEmpty() || domain.isEmpty()) {
      return "is not user@domain";
    }
    if (!(local.startsWith("\"") && local.endsWith("\"") && local.length() >= 2)) {
      for (int i = 0; i < local.length(); i++) {
        char c = local.charAt(i);
        if (c <= 0x20 || "()<>[]:;@\\,\"".indexOf(c) >= 0) {
          return "has a character not allowed in a local part";
        }
      }
    }
    if (domain.startsWith("[") && domain.endsWith("]")) {
      return null; // an address literal; no such domain here, but not a syntax error
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
        return "has a character not allowed in a domain";
      }
    }
    return null;
  }

  private static boolean isKeyword(String k) {
    if (k.isEmpty() || !Character.isLetterOrDigit(k.charAt(0))) {
      return false;
    }
    return k.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-'));
  }

  /** RFC 5321's esmtp-value: %d33-60 / %d62-126, at least one. */
  private static boolean isValue(String v) {
    return !v.isEmpty() && v.chars().allMatch(c -> c >= 33 && c <= 126 && c != '=');
  }

  /** {@code s} for a reply, with anything unprintable replaced. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
