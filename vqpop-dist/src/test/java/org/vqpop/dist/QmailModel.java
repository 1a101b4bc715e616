package org.vqpop.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vqpop.cdb.CdbReader;

/**
 * How real qmail routes a local address, written from notqmail's sources to check the files vqpop
 * writes for it (our code, the C sources' rules):
 *
 * <ul>
 *   <li>qmail-send: a domain in {@code control/locals} keeps its local part; a {@code
 *       control/virtualdomains} line {@code domain:prepend} makes it {@code prepend-local};
 *   <li>qmail-lspawn's {@code nughde_get}: look up {@code "!" + lower(local) + NUL} in {@code
 *       users/cdb}; then, longest first, {@code "!" + lower(a proper start of local)} (and {@code
 *       "!"} alone), but only keys whose last character is in the empty key's record; a wildcard hit
 *       appends the rest of the address to the ext field; no hit runs qmail-getpw;
 *   <li>qmail-getpw: the longest start of the address, cut at a '-', that is an account with a
 *       non-zero uid whose home it owns; else the account {@code alias} with dash {@code -} and the
 *       whole address as extension;
 *   <li>qmail-local's {@code qmesearch}: {@code .qmail + dash + ext} (ext lower-cased, '.' as
 *       ':'), else {@code .qmail + dash + (ext cut after each '-', longest first) + default}; no file
 *       bounces when dash is non-empty, else the default delivery applies.
 * </ul>
 */
final class QmailModel {
  /** The six fields qmail-lspawn hands to qmail-local, and whether qmail-getpw chose them. */
  record Route(String user, int uid, int gid, Path home, String dash, String ext, boolean fromGetpw) {}

  /** An account as qmail-getpw sees it through getpwnam, taken as owning its home. */
  record Account(String name, int uid, int gid, Path home) {}

  /** What qmail-local does with a route: the {@code .qmail} file it reads, or why none. */
  record Delivery(@Nullable Path dotQmail, boolean bounced) {
    static Delivery bounce() {
      return new Delivery(null, true);
    }
  }

  private final Path usersCdb;
  private final Map<String, Account> accounts;

  QmailModel(Path usersCdb, Map<String, Account> accounts) {
    this.usersCdb = usersCdb;
    this.accounts = accounts;
  }

  /** qmail-send's local part for {@code local@domain}; null for a domain qmail does not take. */
  static @Nullable String localPart(String local, String domain, Set<String> locals, Path virtualDomains)
      throws IOException {
    String d = domain.toLowerCase(Locale.ROOT);
    if (locals.contains(d)) {
      return local;
    }
    if (Files.exists(virtualDomains)) {
      for (String l : Files.readAllLines(virtualDomains, StandardCharsets.UTF_8)) {
        int colon = l.indexOf(':');
        if (colon > 0 && l.substring(0, colon).toLowerCase(Locale.ROOT).equals(d)) {
          String prepend = l.substring(colon + 1);
          return prepend.isEmpty() ? local : prepend + "-" + local;
        }
      }
    }
    return null;
  }

  /** qmail-lspawn's choice of user, home, dash and extension for {@code local}. */
  Route lspawn(String local) throws IOException {
    byte[] lower = ("!" + local.toLowerCase(Locale.ROOT) + "\0").getBytes(StandardCharsets.ISO_8859_1);
    if (Files.exists(usersCdb)) {
      try (CdbReader cdb = CdbReader.open(usersCdb)) {
        byte[] wild = cdb.get(new byte[0]);
        if (wild == null) {
          throw new AssertionError("users/cdb has no empty key: qmail-lspawn would fail (QLX_CDB)");
        }
        boolean flagwild = false;
        for (int i = lower.length; i > 0; i--) {
          if (!flagwild || i == 1 || contains(wild, lower[i - 1])) {
            byte[] v = cdb.get(Arrays.copyOf(lower, i));
            if (v != null) {
              String value = new String(v, StandardCharsets.ISO_8859_1) + (flagwild ? local.substring(i - 1) : "");
              return parse(value, false);
            }
          }
          flagwild = true;
        }
      }
    }
    return getpw(local);
  }

  private static boolean contains(byte[] set, byte b) {
    for (byte x : set) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }

  /** The value's six NUL-separated fields; qmail-lspawn exits QLX_USAGE when one is missing. */
  private static Route parse(String value, boolean getpw) {
    String[] f = value.split("\0", -1);
    if (f.length < 6) {
      throw new AssertionError("users/cdb value with " + f.length + " fields: qmail-lspawn would exit (QLX_USAGE)");
    }
    return new Route(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Path.of(f[3]), f[4], f[5], getpw);
  }

  private Route getpw(String local) {
    for (int end = local.length(); end > 0; end--) {
      if (end == local.length() || local.charAt(end) == '-') {
        Account a = accounts.get(local.substring(0, end).toLowerCase(Locale.ROOT));
        if (a != null && a.uid() != 0) {
          boolean more = end < local.length();
          return new Route(a.name(), a.uid(), a.gid(), a.home(), more ? "-" : "", more ? local.substring(end + 1) : "",
              true);
        }
      }
    }
    Account alias = Optional.ofNullable(accounts.get("alias")).orElseThrow(() -> new AssertionError("no alias"));
    return new Route(alias.name(), alias.uid(), alias.gid(), alias.home(), "-", local, true);
  }

  /** qmail-local's {@code .qmail} file for {@code r}. */
  static Delivery local(Route r) {
    String safeext = r.ext().toLowerCase(Locale.ROOT).replace('.', ':');
    Path exact = r.home().resolve(".qmail" + r.dash() + safeext);
    if (Files.isRegularFile(exact)) {
      return new Delivery(exact, false);
    }
    for (int i = safeext.length(); i >= 0; i--) {
      if (i == 0 || safeext.charAt(i - 1) == '-') {
        Path p = r.home().resolve(".qmail" + r.dash() + safeext.substring(0, i) + "default");
        if (Files.isRegularFile(p)) {
          return new Delivery(p, false);
        }
      }
    }
    return r.dash().isEmpty() ? new Delivery(null, false) : Delivery.bounce();
  }

  /** {@code EXT2} as qmail-local sets it: the extension after its first '-'. */
  static String ext2(String ext) {
    int dash = ext.indexOf('-');
    return dash < 0 ? "" : ext.substring(dash + 1);
  }
}
