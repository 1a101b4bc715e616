package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [limits]} table: resource limits of the server. Every one can change while the
 * server runs ({@code SIGHUP}); a changed limit applies to connections accepted afterwards.
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
 * @param ipv6Prefix how many leading bits of an IPv6 address count as one client, 1 to 128
 */
public record Limits(
    Duration idleTimeout, int maxConnections, int maxConnectionsPerIp, int maxBadCommands,
    Duration loginFailureDelay, Duration loginTimeout, int ipv6Prefix) {

  public static final Duration MAX_LOGIN_FAILURE_DELAY = Duration.ofSeconds(15);
  public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_IPV6_PREFIX = 64;

  public static final Limits DEFAULTS = new Limits(Duration.ofMinutes(10), 1000, 20, 20, Duration.ofSeconds(1));

  public Limits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new KeyProblem("idle_timeout_seconds", "must be a positive whole number");
    }
    if (loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new KeyProblem("login_timeout_seconds", "must be a positive whole number");
    }
    if (maxConnections < 1) {
      throw new KeyProblem("max_connections", "must be a positive whole number");
    }
    if (maxConnectionsPerIp < 1) {
      throw new KeyProblem("max_connections_per_ip", "must be a positive whole number");
    }
    if (maxBadCommands < 1) {
      throw new KeyProblem("max_bad_commands", "must be a positive whole number");
    }
    if (loginFailureDelay.isNegative() || loginFailureDelay.compareTo(MAX_LOGIN_FAILURE_DELAY) > 0) {
      throw new KeyProblem("login_failure_delay_ms", "must be between 0 and " + MAX_LOGIN_FAILURE_DELAY.toMillis());
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new KeyProblem("ipv6_prefix", "must be between 1 and 128");
    }
  }

  /** With the default login deadline and IPv6 prefix. */
  public Limits(Duration idleTimeout, int maxConnections, int maxConnectionsPerIp, int maxBadCommands,
      Duration loginFailureDelay) {
    this(idleTimeout, maxConnections, maxConnectionsPerIp, maxBadCommands, loginFailureDelay, DEFAULT_LOGIN_TIMEOUT,
        DEFAULT_IPV6_PREFIX);
  }

  /** These limits with another login deadline, e.g. a short one for tests. */
  public Limits withLoginTimeout(Duration login) {
    return new Limits(idleTimeout, maxConnections, maxConnectionsPerIp, maxBadCommands, loginFailureDelay, login,
        ipv6Prefix);
  }

  /** The table as the file gives it; absent keys take the defaults. */
  @JsonCreator
  static Limits bind(
      @JsonProperty("idle_timeout_seconds") @Nullable Long idle,
      @JsonProperty("max_connections") @Nullable Long max,
      @JsonProperty("max_connections_per_ip") @Nullable Long perIp,
      @JsonProperty("max_bad_commands") @Nullable Long bad,
      @JsonProperty("login_failure_delay_ms") @Nullable Long delay,
      @JsonProperty("login_timeout_seconds") @Nullable Long login,
      @JsonProperty("ipv6_prefix") @Nullable Long prefix) {
    Limits d = DEFAULTS;
    if (delay != null && (delay < 0 || delay > MAX_LOGIN_FAILURE_DELAY.toMillis())) {
      throw new KeyProblem("login_failure_delay_ms", "must be between 0 and " + MAX_LOGIN_FAILURE_DELAY.toMillis());
    }
    if (prefix != null && (prefix < 1 || prefix > 128)) {
      throw new KeyProblem("ipv6_prefix", "must be between 1 and 128");
    }
    return new Limits(
        idle != null ? Duration.ofSeconds(positive("idle_timeout_seconds", idle)) : d.idleTimeout(),
        max != null ? positive("max_connections", max) : d.maxConnections(),
        perIp != null ? positive("max_connections_per_ip", perIp) : d.maxConnectionsPerIp(),
        bad != null ? positive("max_bad_commands", bad) : d.maxBadCommands(),
        delay != null ? Duration.ofMillis(delay) : d.loginFailureDelay(),
        login != null ? Duration.ofSeconds(positive("login_timeout_seconds", login)) : d.loginTimeout(),
        prefix != null ? prefix.intValue() : d.ipv6Prefix());
  }

  /** {@code v} if it is between 1 and {@link Integer#MAX_VALUE}. */
  static int positive(String key, long v) {
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw new KeyProblem(key, "must be a positive whole number");
    }
    return (int) v;
  }
}
