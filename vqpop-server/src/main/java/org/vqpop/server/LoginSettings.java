package org.vqpop.server;

/**
 * How logins are accepted.
 *
 * @param allowPlaintext whether USER/PASS and AUTH PLAIN are allowed on unencrypted connections
 *     from other hosts; they are always allowed with TLS and from loopback (RFC 2595 §2.2
 *     recommends refusing them without TLS)
 * @param useDomain the seed's {@code $use_domain}: {@code joeuser@acme.com} names the domain
 * @param usePrefix the seed's {@code $use_prefix}: {@code acme-joeuser} names the domain
 * @param atSign the seed's {@code $at_sign}: the character between user and domain, for clients
 *     that cannot send {@code @} in a user name (e.g. {@code %})
 */
public record LoginSettings(boolean allowPlaintext, boolean useDomain, boolean usePrefix, String atSign) {

  public static final LoginSettings DEFAULTS = new LoginSettings(false, false, false, "@");

  public LoginSettings {
    if (atSign.codePointCount(0, atSign.length()) != 1 || atSign.codePointAt(0) <= ' ' || atSign.codePointAt(0) >= 0x7f) {
      throw new IllegalArgumentException("at sign must be one printable ASCII character, not '" + atSign + "'");
    }
  }
}
