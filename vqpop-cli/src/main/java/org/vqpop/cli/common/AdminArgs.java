package org.vqpop.cli.common;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.HostName;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.maildir.Quota;

/**
 * What an administrator typed, parsed once at the commands' edge into the core's types; a bad
 * argument is bad input (exit 1) whose message says which rule it breaks. The seed's commands and
 * {@code vqpop} share these, so both say the same about the same mistake.
 */
public final class AdminArgs {
  private AdminArgs() {}

  /** A user name ({@link UserName}'s rules). */
  public static UserName user(String text) throws AdminException {
    try {
      return UserName.of(text);
    } catch (InvalidNameException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** A quota as {@link Quota#parse} reads it ({@code 100M}, {@code 100M,5000}, {@code none} ...). */
  public static Quota quota(String text) throws AdminException {
    try {
      return Quota.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.bad("bad quota: " + e.getMessage());
    }
  }

  /**
   * A new domain's {@code virtualpopdomains} line from its fields: DOMAINDIR defaults to the
   * (lower-cased) domain, PREFIX to none.
   */
  public static VirtualDomain newDomain(String domain, String host, @Nullable String dir, @Nullable String prefix)
      throws AdminException {
    try {
      Domain name = Domain.of(domain);
      return new VirtualDomain(name, HostName.of(host), dir == null ? name.name() : dir, prefix == null ? "" : prefix);
    } catch (InvalidNameException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /**
   * The existing domain an administrator named: by its name, or else by its domain directory (the
   * seed's commands took either, as they were often the same). Reads {@code virtualpopdomains}; a
   * missing mail home or an unknown name is bad input.
   */
  public static VirtualDomain domain(Admin admin, String text) throws AdminException {
    VirtualPopDomains all = admin.domains().all();
    Optional<VirtualDomain> byName;
    try {
      byName = all.find(Domain.of(text));
    } catch (InvalidNameException e) {
      byName = Optional.empty(); // maybe a directory
    }
    return byName
        .or(() -> all.domains().stream().filter(d -> d.directory().equals(text)).findFirst())
        .orElseThrow(() -> AdminException.bad("no domain " + text + " in " + admin.mailHome().virtualPopDomains()));
  }
}
