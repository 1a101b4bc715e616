package org.vqpop.domain;

import org.vqpop.address.UserName;

/** Which domain and user a login name means, or why it means none. */
public sealed interface Resolution {

  /** The login selects {@code user} of {@code domain}; {@code how} says what chose the domain. */
  record Resolved(VirtualDomain domain, UserName user, How how) implements Resolution {}

  /**
   * No virtual user can be meant.
   *
   * @param detail for logs and {@code chkpoppass -d}, never for the client
   */
  record Unresolved(Reason reason, String detail) implements Resolution {}

  /** What selected the domain, first match wins, in this order. */
  enum How {
    /** {@code user@domain} (the seed's {@code $use_domain}; the at-sign is configurable). */
    AT_SIGN,
    /** {@code prefix-user} (the seed's {@code $use_prefix}). */
    PREFIX,
    /** The TLS server name is the domain or its POP host. */
    SNI,
    /** The local host name (tcpserver's {@code TCPLOCALHOST}) is the domain's POP host. */
    LOCAL_HOST,
    /** The local address is, or is an address of, the domain's POP host. */
    LOCAL_ADDRESS,
    /** Nothing selected one: the first domain of {@code virtualpopdomains} (the seed under inetd). */
    FIRST_DOMAIN;

    /** Whether the login name itself named the domain (then no system account is meant). */
    public boolean namedInLogin() {
      return this == AT_SIGN || this == PREFIX;
    }
  }

  enum Reason {
    /** The user part is not a valid user name. */
    BAD_USER_NAME,
    /** {@code user@domain} names no virtual domain; the login does not fall through. */
    UNKNOWN_DOMAIN,
    /** {@code virtualpopdomains} has no domains. */
    NO_DOMAINS
  }
}
