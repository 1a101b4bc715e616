package org.vqpop.domain;

import java.util.Locale;
import org.vqpop.address.Domain;
import org.vqpop.address.HostName;
import org.vqpop.address.InvalidNameException;

/**
 * One line of {@code virtualpopdomains}: {@code domain:hostname:domaindirectory:prefix}.
 *
 * @param domain the name used with {@code USER joeuser@acme.com}
 * @param host the POP host; its address selects the domain for a connection (the seed's
 *     {@code TCPLOCALHOST})
 * @param directory where the domain's users live, relative to the mail home; never absolute and
 *     never leaving the mail home
 * @param prefix prepended to user names in {@code users/assign} ({@code acme-joeuser}) and the
 *     {@code alias-vdom-PREFIX} of {@code control/virtualdomains}; empty for a domain whose users
 *     are {@code control/locals} users
 */
public record VirtualDomain(Domain domain, HostName host, String directory, String prefix) {

  public VirtualDomain {
    directory = checkDirectory(directory);
    prefix = checkPrefix(prefix);
  }

  public static VirtualDomain of(String domain, String host, String directory, String prefix) {
    return new VirtualDomain(Domain.of(domain), HostName.of(host), directory, prefix);
  }

  public boolean hasPrefix() {
    return !prefix.isEmpty();
  }

  /** The line as it stands in {@code virtualpopdomains}. */
  public String toLine() {
    return domain + ":" + host + ":" + directory + ":" + prefix;
  }

  /**
   * A relative path of plain segments: letters, digits, '.', '_', '-', none starting with '.', so
   * no "..", no hidden names and nothing outside the mail home.
   */
  static String checkDirectory(String dir) {
    if (dir.isEmpty()) {
      throw new InvalidNameException("domain directory is empty");
    }
    if (dir.startsWith("/")) {
      throw new InvalidNameException("domain directory '" + dir + "' is absolute; give it relative to the mail home");
    }
    for (String seg : dir.split("/", -1)) {
      if (seg.isEmpty()) {
        throw new InvalidNameException("domain directory '" + dir + "' has an empty path segment");
      }
      if (seg.equals("..") || seg.equals(".")) {
        throw new InvalidNameException("domain directory '" + dir + "' leaves the mail home ('" + seg + "')");
      }
      if (seg.startsWith(".")) {
        throw new InvalidNameException("domain directory '" + dir + "' has a segment starting with '.'");
      }
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '_' || c == '-')) {
          throw new InvalidNameException(
              "domain directory '" + dir + "' contains '" + c + "': only letters, digits, '.', '_', '-' and '/' are allowed");
        }
      }
    }
    return dir;
  }

  /** Lower-case letters, digits, '.' and '_'; no '-', which separates the prefix from the user. */
  static String checkPrefix(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    if (p.length() > 64) {
      throw new InvalidNameException("prefix '" + prefix + "' is longer than 64 characters");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')) {
        throw new InvalidNameException(
            "prefix '" + prefix + "' contains '" + c + "': only letters, digits, '.' and '_' are allowed"
                + (c == '-' ? " ('-' separates the prefix from the user name)" : ""));
      }
    }
    return p;
  }
}
