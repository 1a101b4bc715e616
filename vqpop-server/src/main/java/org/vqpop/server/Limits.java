package org.vqpop.server;

import java.time.Duration;

/**
 * Resource limits of the server.
 *
 * @param idleTimeout how long a logged-in client may go without completing a command (bytes that
 *     do not end a line are no activity); RFC 1939 §3 asks for at least 10 minutes (shorter values
 *     are accepted for tests and for crowded servers)
 * @param maxConnections connections open at once over all listeners; more are refused
 * @param maxConnectionsPerIp connections open at once from one client address (an IPv6 client:
 *     from one prefix of {@code ipv6Prefix} bits)
 * @param maxBadCommands unknown, misplaced or malformed commands and failed logins in a row
 *     before the session is closed; a command answered positively starts the count over
 * @param loginFailureDelay the pause before answering a failed login; it doubles with each
 *     further failure from the same address, up to {@link #MAX_LOGIN_FAILURE_DELAY}
 * @param loginTimeout the time from the connection to a successful login, in all, however many
 *     bytes the client sends meanwhile; then the connection is closed
 * @param handshakeTimeout the time a TLS handshake (POP3S, STLS) may take in all
 * @param ipv6Prefix how many leading bits of an IPv6 address count as one client, 1 to 128
 */
public record Limits(
    Duration idleTimeout, int maxConnections, int maxConnectionsPerIp, int maxBadCommands,
    Duration loginFailureDelay, Duration loginTimeout, Duration handshakeTimeout, int ipv6Prefix) {

  public static final Duration MAX_LOGIN_FAILURE_DELAY = Duration.ofSeconds(15);
  public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_IPV6_PREFIX = 64;

  public static final Limits DEFAULTS = new Limits(Duration.ofMinutes(10), 1000, 20, 20, Duration.ofSeconds(1));

  public Limits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive");
    }
    if (loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new IllegalArgumentException("login timeout must be positive");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("TLS handshake timeout must be positive");
    }
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || maxBadCommands < 1) {
      throw new IllegalArgumentException("connection and bad-command limits must be at least 1");
    }
    if (loginFailureDelay.isNegative() || loginFailureDelay.compareTo(MAX_LOGIN_FAILURE_DELAY) > 0) {
      throw new IllegalArgumentException("login failure delay must be between 0 and " + MAX_LOGIN_FAILURE_DELAY.toSeconds() + " s");
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("IPv6 prefix must be between 1 and 128");
    }
  }

  /** With the default login and handshake deadlines and IPv6 prefix. */
  public Limits(Duration idleTimeout, int maxConnections, int maxConnectionsPerIp, int maxBadCommands,
      Duration loginFailureDelay) {
    this(idleTimeout, maxConnections, maxConnectionsPerIp, maxBadCommands, loginFailureDelay, DEFAULT_LOGIN_TIMEOUT,
        DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IPV6_PREFIX);
  }

  /** These limits with other connection deadlines, e.g. short ones for tests. */
  public Limits withDeadlines(Duration login, Duration handshake) {
    return new Limits(idleTimeout, maxConnections, maxConnectionsPerIp, maxBadCommands, loginFailureDelay, login,
        handshake, ipv6Prefix);
  }
}
