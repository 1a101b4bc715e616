package org.vqpop.config;

/**
 * Where a listener binds: a literal address or host name and a port (0 for any free port, as in
 * the tests). Written {@code 127.0.0.1:110}, {@code [::1]:110} or {@code *:110} for all addresses.
 */
public record ListenAddress(String host, int port) {

  public ListenAddress {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }

  /** Parses {@code HOST:PORT}; the message of the exception says what is wrong. */
  public static ListenAddress parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + s + "' is not ADDRESS:PORT");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("'" + s + "': write an IPv6 address in brackets, [::1]:110");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "': port is not a number");
    }
    return new ListenAddress(host.equals("*") ? "0.0.0.0" : host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
