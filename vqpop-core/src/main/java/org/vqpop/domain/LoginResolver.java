package org.vqpop.domain;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.domain.Resolution.How;
import org.vqpop.domain.Resolution.Reason;
import org.vqpop.domain.Resolution.Resolved;
import org.vqpop.domain.Resolution.Unresolved;

/**
 * Decides which virtual domain and user a login name means, as the seed's chkpoppass did, with
 * the TLS server name added. First match wins:
 *
 * <ol>
 *   <li>{@code user@domain}, when {@code useDomain}: split at the last at-sign; the domain must be
 *       a virtual domain, otherwise the login fails (it does not fall through to the rules below,
 *       which would log {@code joe@other.com} in as {@code joe} of some other domain);
 *   <li>{@code prefix-user}, when {@code usePrefix} and the part before the first '-' is a
 *       domain's prefix (otherwise the '-' is part of the user name);
 *   <li>the TLS server name, when it is a domain or a domain's POP host;
 *   <li>the local host name (tcpserver's {@code TCPLOCALHOST}), when it is a domain's POP host;
 *   <li>the local address, when it is a domain's POP host given as an address, or one of the
 *       addresses {@link HostAddresses} finds for the POP host's name;
 *   <li>the first domain of {@code virtualpopdomains} (the seed's behaviour under inetd).
 * </ol>
 *
 * <p>The at-sign is '@' unless configured otherwise (the seed suggests '%' for mail clients that
 * refuse an '@' in the user name). Immutable and thread-safe.
 */
public final class LoginResolver {
  private final boolean useDomain;
  private final boolean usePrefix;
  private final char atSign;
  private final HostAddresses hosts;

  public LoginResolver(boolean useDomain, boolean usePrefix, char atSign, HostAddresses hosts) {
    if (atSign <= 0x20 || atSign >= 0x7f || Character.isLetterOrDigit(atSign) || atSign == '-'
        || atSign == '.' || atSign == '_') {
      throw new IllegalArgumentException("at-sign '" + atSign
          + "' must be a printable ASCII character that cannot occur in user or domain names");
    }
    this.useDomain = useDomain;
    this.usePrefix = usePrefix;
    this.atSign = atSign;
    this.hosts = hosts;
  }

  public Resolution resolve(VirtualPopDomains table, String login, LocalEndpoint endpoint) {
    if (table.isEmpty()) {
      return new Unresolved(Reason.NO_DOMAINS, "virtualpopdomains has no domains");
    }
    if (useDomain) {
      int at = login.lastIndexOf(atSign);
      if (at >= 0) {
        return byDomainPart(table, login.substring(0, at), login.substring(at + 1));
      }
    }
    if (usePrefix) {
      int dash = login.indexOf('-');
      if (dash > 0) {
        Optional<VirtualDomain> d = table.findByPrefix(login.substring(0, dash).toLowerCase(Locale.ROOT));
        if (d.isPresent()) {
          return user(d.get(), login.substring(dash + 1), How.PREFIX);
        }
      }
    }
    VirtualDomain d = bySni(table, endpoint.sniName());
    if (d != null) {
      return user(d, login, How.SNI);
    }
    d = byLocalHost(table, endpoint.localHost());
    if (d != null) {
      return user(d, login, How.LOCAL_HOST);
    }
    d = byLocalAddress(table, endpoint.localAddress());
    if (d != null) {
      return user(d, login, How.LOCAL_ADDRESS);
    }
    return user(table.domains().get(0), login, How.FIRST_DOMAIN);
  }

  private static Resolution byDomainPart(VirtualPopDomains table, String user, String domain) {
    Domain name;
    try {
      name = Domain.of(domain);
    } catch (InvalidNameException e) {
      return new Unresolved(Reason.UNKNOWN_DOMAIN, e.getMessage());
    }
    Optional<VirtualDomain> d = table.find(name);
    if (d.isEmpty()) {
      return new Unresolved(Reason.UNKNOWN_DOMAIN, "no virtual domain " + name);
    }
    return user(d.get(), user, How.AT_SIGN);
  }

  private static Resolution user(VirtualDomain d, String user, How how) {
    try {
      return new Resolved(d, UserName.of(user), how);
    } catch (InvalidNameException e) {
      return new Unresolved(Reason.BAD_USER_NAME, e.getMessage());
    }
  }

  private static @Nullable VirtualDomain bySni(VirtualPopDomains table, @Nullable String sni) {
    if (sni == null || sni.isEmpty()) {
      return null;
    }
    String n = sni.toLowerCase(Locale.ROOT);
    for (VirtualDomain d : table.domains()) {
      if (d.domain().name().equals(n) || d.host().name().equals(n)) {
        return d;
      }
    }
    return null;
  }

  private static @Nullable VirtualDomain byLocalHost(VirtualPopDomains table, @Nullable String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String n = host.toLowerCase(Locale.ROOT);
    for (VirtualDomain d : table.domains()) {
      if (d.host().name().equals(n)) {
        return d;
      }
    }
    return null;
  }

  private @Nullable VirtualDomain byLocalAddress(VirtualPopDomains table, String address) {
    if (address.isEmpty()) {
      return null;
    }
    String a = AddressLiterals.canonical(address);
    // Literals first, so a configured address wins without any lookup.
    for (VirtualDomain d : table.domains()) {
      if (d.host().isAddress() && AddressLiterals.canonical(d.host().name()).equals(a)) {
        return d;
      }
    }
    for (VirtualDomain d : table.domains()) {
      if (!d.host().isAddress() && hosts.addressesOf(d.host()).contains(a)) {
        return d;
      }
    }
    return null;
  }
}
