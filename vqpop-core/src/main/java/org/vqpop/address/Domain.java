package org.vqpop.address;

import java.util.Locale;

/**
 * A domain name (RFC 1035 host name syntax), lower-cased: labels of letters, digits and inner
 * hyphens, 1 to 63 octets each, 253 in all. Internationalised names are taken in their ASCII
 * (punycode) form.
 */
public record Domain(String name) implements Comparable<Domain> {
  public static final int MAX_LENGTH = 253;

  public Domain {
    name = checked(name, "domain");
  }

  public static Domain of(String name) {
    return new Domain(name);
  }

  /** Validates {@code name} as a DNS name and returns it lower-cased; {@code what} names it in errors. */
  static String checked(String name, String what) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.isEmpty()) {
      throw new InvalidNameException(what + " name is empty");
    }
    if (n.endsWith(".")) {
      throw new InvalidNameException(what + " name '" + name + "' ends with a dot");
    }
    if (n.length() > MAX_LENGTH) {
      throw new InvalidNameException(what + " name '" + name + "' is longer than " + MAX_LENGTH + " characters");
    }
    for (String label : n.split("\\.", -1)) {
      checkLabel(name, label, what);
    }
    return n;
  }

  private static void checkLabel(String name, String label, String what) {
    if (label.isEmpty()) {
      throw new InvalidNameException(what + " name '" + name + "' has an empty label");
    }
    if (label.length() > 63) {
      throw new InvalidNameException(what + " name '" + name + "' has a label longer than 63 characters");
    }
    if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
      throw new InvalidNameException(what + " name '" + name + "' has a label that starts or ends with '-'");
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        throw new InvalidNameException(
            what + " name '" + name + "' contains '" + c + "': only letters, digits, '-' and '.' are allowed");
      }
    }
  }

  @Override
  public int compareTo(Domain o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
