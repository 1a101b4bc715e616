package org.vqpop.server;

import java.time.Duration;

/**
 * Resource limits of the server.
 *
 * @param idleTimeout how long a client may stay silent; RFC 1939 §3 asks for at least 10 minutes
 *     (shorter values are accepted for tests and for crowded servers)
 * @param maxConnections connections open at once over all listeners; more are refused
 * @param maxConnectionsPerIp connections open at once from one client address
 * @param maxBadCommands unknown, misplaced or malformed commands and failed logins before the
 *     session is closed
 * @param loginFailureDelay the pause before answering a failed login; it doubles with each
 *     further failure from the same address, up to {@link #MAX_LOGIN_FAILURE_DELAY}
 */
public record Limits(
    Duration idleTimeout, int maxConnections, int maxConnectionsPerIp, int maxBadCommands,
    Duration loginFailureDelay) {

  public static final Duration MAX_LOGIN_FAILURE_DELAY = Duration.ofSeconds(15);

  public static final Limits DEFAULTS = new Limits(Duration.ofMinutes(10), 1000, 20, 10, Duration.ofSeconds(1));

  public Limits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive");
    }
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || maxBadCommands < 1) {
      throw new IllegalArgumentException("connection and bad-command limits must be at least 1");
    }
    if (loginFailureDelay.isNegative() || loginFailureDelay.compareTo(MAX_LOGIN_FAILURE_DELAY) > 0) {
      throw new IllegalArgumentException("login failure delay must be between 0 and " + MAX_LOGIN_FAILURE_DELAY.toSeconds() + " s");
    }
  }
}
