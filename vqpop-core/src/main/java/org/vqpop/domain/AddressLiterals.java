package org.vqpop.domain;

import java.util.Locale;

/**
 * One spelling per IP address, so that addresses from the connection, from {@code
 * virtualpopdomains} and from the resolver compare as strings: IPv4 as dotted quad, IPv6 as eight
 * lower-case hex groups without zero compression (what {@code Inet6Address.getHostAddress()}
 * gives), brackets and zone ids removed.
 */
public final class AddressLiterals {
  private AddressLiterals() {}

  /** The canonical form of {@code literal}, or {@code literal} lower-cased if it is no IP literal. */
  public static String canonical(String literal) {
    String s = literal.toLowerCase(Locale.ROOT);
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.indexOf(':') < 0) {
      return s;
    }
    int[] groups = ipv6(s);
    if (groups == null) {
      return s;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /** The eight groups of an IPv6 literal (with "::" and a trailing dotted quad), or null. */
  private static int @org.jspecify.annotations.Nullable [] ipv6(String s) {
    String head = s;
    String tail = "";
    int dc = s.indexOf("::");
    if (dc >= 0) {
      if (s.indexOf("::", dc + 1) >= 0) {
        return null;
      }
      head = s.substring(0, dc);
      tail = s.substring(dc + 2);
    }
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) {
      return null;
    }
    if (dc < 0 ? h.length != 8 : h.length + t.length > 7) {
      return null;
    }
    int[] out = new int[8];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(t, 0, out, 8 - t.length, t.length);
    return out;
  }

  private static int @org.jspecify.annotations.Nullable [] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int n = parts.length;
    boolean quad = parts[n - 1].indexOf('.') >= 0;
    int[] out = new int[quad ? n + 1 : n];
    for (int i = 0; i < n - (quad ? 1 : 0); i++) {
      if (!parts[i].matches("[0-9a-f]{1,4}")) {
        return null;
      }
      out[i] = Integer.parseInt(parts[i], 16);
    }
    if (quad) {
      String[] q = parts[n - 1].split("\\.", -1);
      if (q.length != 4) {
        return null;
      }
      int[] b = new int[4];
      for (int i = 0; i < 4; i++) {
        if (!q[i].matches("[0-9]{1,3}") || Integer.parseInt(q[i]) > 255) {
          return null;
        }
        b[i] = Integer.parseInt(q[i]);
      }
      out[n - 1] = b[0] << 8 | b[1];
      out[n] = b[2] << 8 | b[3];
    }
    return out;
  }
}
