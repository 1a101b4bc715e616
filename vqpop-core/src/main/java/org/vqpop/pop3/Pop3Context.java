package org.vqpop.pop3;

import org.jspecify.annotations.Nullable;

/**
 * What the connection layer tells a new session about its connection.
 *
 * @param apopTimestamp the {@code <unique@host>} of the greeting (RFC 1939 §7), or null to offer
 *     no APOP
 * @param tlsActive whether the connection is already encrypted (implicit TLS, port 995)
 * @param stlsOffered whether STLS may be used (a TLS context exists and TLS is not active)
 * @param plaintextAllowed whether USER/PASS and AUTH PLAIN are allowed now; the caller decides
 *     from TLS, loopback and configuration (RFC 2595 §2.2 suggests refusing them unencrypted)
 * @param implementation the IMPLEMENTATION capability (RFC 2449 §6.9)
 * @param maxBadCommands after this many unknown, misplaced or malformed commands and failed logins
 *     in a row (a positive reply starts the count over) the session answers {@code -ERR} and closes
 */
public record Pop3Context(
    @Nullable String apopTimestamp,
    boolean tlsActive,
    boolean stlsOffered,
    boolean plaintextAllowed,
    String implementation,
    int maxBadCommands,
    Pop3Events events) {

  public Pop3Context {
    if (maxBadCommands < 1) {
      throw new IllegalArgumentException("maxBadCommands must be positive");
    }
    if (apopTimestamp != null
        && !(apopTimestamp.startsWith("<") && apopTimestamp.endsWith(">") && apopTimestamp.length() > 2)) {
      throw new IllegalArgumentException("APOP timestamp must be <...>");
    }
  }
}
