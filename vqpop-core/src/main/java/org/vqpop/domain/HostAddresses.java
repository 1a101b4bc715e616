package org.vqpop.domain;

import java.util.Set;
import org.vqpop.address.HostName;

/**
 * Resolves a domain's POP host name to the addresses it listens on, so a connection to one of
 * them selects the domain (the seed ran one tcpserver per host address). A seam: the real one
 * ({@code org.vqpop.net.SystemHostAddresses}) asks the system resolver and caches; tests use a
 * table.
 */
@FunctionalInterface
public interface HostAddresses {
  /** Never resolves anything; for setups that select domains by name only. */
  HostAddresses NONE = host -> Set.of();

  /**
   * The addresses of {@code host} in {@link AddressLiterals#canonical} form; empty when it does
   * not resolve (now). Must not throw, and should answer from a cache: it is asked during logins.
   */
  Set<String> addressesOf(HostName host);
}
