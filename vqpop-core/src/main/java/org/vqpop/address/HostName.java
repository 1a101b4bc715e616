package org.vqpop.address;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The POP host of a domain as tcpserver takes it: a fully qualified host name, an IPv4 literal, or
 * an IPv6 literal in brackets ({@code [::1]}, since the fields of {@code virtualpopdomains} are
 * separated by colons).
 */
public record HostName(String name) {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[[0-9a-f:.]+]");

  public HostName {
    String n = name.toLowerCase(Locale.ROOT);
    if (IPV4.matcher(n).matches()) {
      name = n;
    } else if (n.startsWith("[")) {
      if (!IPV6_BRACKETED.matcher(n).matches() || n.indexOf(':') < 0) {
        throw new InvalidNameException("host name '" + name + "' is not a valid bracketed IPv6 address");
      }
      name = n;
    } else if (n.indexOf(':') >= 0) {
      throw new InvalidNameException("host name '" + name + "' contains ':'; write an IPv6 address in brackets, as [::1]");
    } else if (n.matches("[0-9.]+")) {
      throw new InvalidNameException("host name '" + name + "' is not a valid IPv4 address");
    } else {
      name = Domain.checked(name, "host");
    }
  }

  public static HostName of(String name) {
    return new HostName(name);
  }

  /** Whether this is an address literal rather than a name to resolve. */
  public boolean isAddress() {
    return IPV4.matcher(name).matches() || name.startsWith("[");
  }

  /** The form a resolver takes: the name, or the address without brackets. */
  public String unbracketed() {
    return name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
  }

  @Override
  public String toString() {
    return name;
  }
}
