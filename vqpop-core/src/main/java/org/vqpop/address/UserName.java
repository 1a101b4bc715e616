package org.vqpop.address;

import java.util.Locale;

/**
 * The name of a virtual POP user within its domain, lower-cased (qmail lower-cases local parts in
 * {@code users/cdb}). One to 64 characters of letters, digits, '.', '_' and '-', starting with a
 * letter or digit, with no "..": safe as a directory name and in {@code users/assign}.
 */
public record UserName(String name) implements Comparable<UserName> {
  public static final int MAX_LENGTH = 64;

  public UserName {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.isEmpty()) {
      throw new InvalidNameException("user name is empty");
    }
    if (n.length() > MAX_LENGTH) {
      throw new InvalidNameException("user name '" + name + "' is longer than " + MAX_LENGTH + " characters");
    }
    char first = n.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) {
      throw new InvalidNameException("user name '" + name + "' must start with a letter or digit");
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
        throw new InvalidNameException(
            "user name '" + name + "' contains '" + printable(c) + "': only letters, digits, '.', '_' and '-' are allowed");
      }
    }
    if (n.contains("..")) {
      throw new InvalidNameException("user name '" + name + "' contains '..'");
    }
    name = n;
  }

  public static UserName of(String name) {
    return new UserName(name);
  }

  /** The one-character directory the seed hashes homes into: {@code acme.com/j/joeuser}. */
  public String hashDirectory() {
    return name.substring(0, 1);
  }

  static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  @Override
  public int compareTo(UserName o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
