package org.vqpop.maildir;

import java.util.Locale;

/**
 * A Maildir++ quota: at most {@code bytes} octets (stored size) and {@code messages} messages; 0
 * for either means no limit on it. Written as Maildir++ writes it in the first line of {@code
 * maildirsize}: {@code 10000000S,1000C}.
 */
public record Quota(long bytes, long messages) {
  public static final Quota NONE = new Quota(0, 0);

  public Quota {
    if (bytes < 0 || messages < 0) {
      throw new IllegalArgumentException("a quota must not be negative");
    }
  }

  /** Whether neither part is limited. */
  public boolean unlimited() {
    return bytes == 0 && messages == 0;
  }

  /** Each part of {@code this} that is 0 taken from {@code fallback}. */
  public Quota orElse(Quota fallback) {
    return new Quota(bytes != 0 ? bytes : fallback.bytes, messages != 0 ? messages : fallback.messages);
  }

  /** The Maildir++ definition, e.g. {@code 10000000S,1000C}; empty when unlimited. */
  public String definition() {
    StringBuilder b = new StringBuilder();
    if (bytes != 0) {
      b.append(bytes).append('S');
    }
    if (messages != 0) {
      if (!b.isEmpty()) {
        b.append(',');
      }
      b.append(messages).append('C');
    }
    return b.toString();
  }

  /**
   * Reads a quota as an administrator writes it: the Maildir++ form ({@code 10000000S,1000C}, either
   * part optional), a size with a unit ({@code 100M}, {@code 2G}, {@code 512k}) optionally followed
   * by {@code ,N} messages ({@code 100M,5000}), or {@code 0}/{@code none} for no limit.
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static Quota parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("0") || t.equals("none") || t.equals("unlimited")) {
      return NONE;
    }
    long bytes = 0;
    long messages = 0;
    String[] parts = t.split(",", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("quota '" + text + "' has more than two parts");
    }
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("quota '" + text + "' has an empty part");
      }
      char last = p.charAt(p.length() - 1);
      if (last == 'c') {
        messages = number(text, p.substring(0, p.length() - 1), 1);
      } else if (last == 's') {
        bytes = number(text, p.substring(0, p.length() - 1), 1);
      } else if (i == 1 && Character.isDigit(last)) {
        messages = number(text, p, 1);
      } else {
        long unit = switch (last) {
          case 'k' -> 1024L;
          case 'm' -> 1024L * 1024;
          case 'g' -> 1024L * 1024 * 1024;
          case 't' -> 1024L * 1024 * 1024 * 1024;
          default -> 0;
        };
        if (unit == 0 && i == 0 && Character.isDigit(last)) {
          bytes = number(text, p, 1);
        } else if (unit != 0) {
          bytes = number(text, p.substring(0, p.length() - 1), unit);
        } else {
          throw new IllegalArgumentException("quota '" + text + "': cannot read '" + p + "'"
              + " (write e.g. 100M, 100M,5000 or 104857600S,5000C)");
        }
      }
    }
    return new Quota(bytes, messages);
  }

  private static long number(String text, String digits, long unit) {
    if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("quota '" + text + "': '" + digits + "' is not a number");
    }
    try {
      return Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("quota '" + text + "' is too large", e);
    }
  }

  @Override
  public String toString() {
    return unlimited() ? "none" : definition();
  }
}
