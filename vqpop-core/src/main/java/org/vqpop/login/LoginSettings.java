package org.vqpop.login;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.config.ConfigException;
import org.vqpop.config.LoginConfig;
import org.vqpop.domain.AddressLiterals;

/**
 * How logins select domains and which sources they may use: the configuration file's {@code
 * [login]} table, validated. Defaults are the seed's: no {@code user@domain}, no {@code prefix-user},
 * '@' as the at-sign, no system accounts, no RPOP.
 *
 * @param useDomain accept {@code user@domain} (the seed's {@code $use_domain})
 * @param usePrefix accept {@code prefix-user} (the seed's {@code $use_prefix})
 * @param atSign the character between user and domain (the seed's {@code $at_sign})
 * @param systemAccounts let system accounts log in with their passwords (the seed's
 *     {@code /etc/passwd} source)
 * @param passwdFile where system accounts are read from
 * @param shadowFile where their password hashes are read from
 * @param rpopTrustedHosts the client addresses (literals) whose privileged ports RPOP believes;
 *     empty, the default, turns RPOP off
 * @param cacheTtl how long a successful password check is remembered (see {@code
 *     org.vqpop.auth.password.PasswordHasher#withVerificationCache}); zero turns it off
 * @param cacheSize how many are remembered at most
 * @param maxConcurrentChecks how many password checks may run at once (each argon2id check holds
 *     19 MiB of heap while it runs; see {@code PasswordHasher#withCheckLimit})
 * @param queueTimeout how long a login waits for its password check, its turn and the check
 *     together, before it fails with {@code [SYS/TEMP]}
 * @param accountFailures failed logins for one account within {@link AccountThrottle#WINDOW}, from
 *     any addresses, before its further failures are delayed
 * @param accountFailureDelay the delay of the first failure past {@code accountFailures}, doubling
 *     with each further one up to {@link AccountThrottle#MAX_DELAY}; zero turns the counter off
 */
public record LoginSettings(boolean useDomain, boolean usePrefix, char atSign, boolean systemAccounts,
    Path passwdFile, Path shadowFile, Set<String> rpopTrustedHosts, Duration cacheTtl, int cacheSize,
    int maxConcurrentChecks, Duration queueTimeout, int accountFailures, Duration accountFailureDelay) {

  /**
   * How long a password check waits for its turn by default: well within the time a client
   * waits for an answer, and far longer than a queue of a few dozen 0.1 s checks takes.
   */
  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_ACCOUNT_FAILURES = 5;
  public static final Duration DEFAULT_ACCOUNT_FAILURE_DELAY = Duration.ofSeconds(1);

  /** The default lifetime of a remembered password check, Dovecot's {@code auth_cache_ttl}. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);
  public static final int DEFAULT_CACHE_SIZE = 100_000;

  public LoginSettings(boolean useDomain, boolean usePrefix, char atSign, boolean systemAccounts,
      Path passwdFile, Path shadowFile, Set<String> rpopTrustedHosts) {
    this(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        DEFAULT_CACHE_TTL, DEFAULT_CACHE_SIZE);
  }

  public LoginSettings(boolean useDomain, boolean usePrefix, char atSign, boolean systemAccounts,
      Path passwdFile, Path shadowFile, Set<String> rpopTrustedHosts, Duration cacheTtl, int cacheSize) {
    this(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts, cacheTtl, cacheSize,
        PasswordHasher.defaultCheckPermits(), DEFAULT_QUEUE_TIMEOUT, DEFAULT_ACCOUNT_FAILURES,
        DEFAULT_ACCOUNT_FAILURE_DELAY);
  }

  /** These settings with the domain selection given (the server merges its own keys with them). */
  public LoginSettings withDomainSelection(boolean useDomain, boolean usePrefix, char atSign) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        cacheTtl, cacheSize, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay);
  }

  /** These settings with the login throttles given (for tests and benchmarks). */
  public LoginSettings withThrottles(int maxConcurrentChecks, Duration queueTimeout, int accountFailures,
      Duration accountFailureDelay) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        cacheTtl, cacheSize, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay);
  }

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6_CANONICAL = Pattern.compile("([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}");

  public static final LoginSettings DEFAULTS = new LoginSettings(false, false, '@', false, Path.of("/etc/passwd"),
      Path.of("/etc/shadow"), Set.of());

  public LoginSettings {
    if (atSign <= 0x20 || atSign >= 0x7f || Character.isLetterOrDigit(atSign) || "-._:".indexOf(atSign) >= 0) {
      throw new IllegalArgumentException("at_sign '" + atSign
          + "' must be one printable ASCII character that is not a letter, digit, '-', '.', '_' or ':'");
    }
    rpopTrustedHosts = Set.copyOf(rpopTrustedHosts.stream().map(LoginSettings::trustedHost).toList());
    if (cacheTtl.isNegative() || cacheSize < 1) {
      throw new IllegalArgumentException("cache_seconds must not be negative and cache_size must be positive");
    }
    if (maxConcurrentChecks < 1) {
      throw new IllegalArgumentException("max_concurrent_checks must be at least 1");
    }
    if (queueTimeout.isNegative()) {
      throw new IllegalArgumentException("queue_timeout_seconds must not be negative");
    }
    if (accountFailures < 1) {
      throw new IllegalArgumentException("account_failures must be at least 1");
    }
    if (accountFailureDelay.isNegative() || accountFailureDelay.compareTo(AccountThrottle.MAX_DELAY) > 0) {
      throw new IllegalArgumentException("account_failure_delay_ms must be between 0 and "
          + AccountThrottle.MAX_DELAY.toMillis());
    }
  }

  private static String trustedHost(String h) {
    String c = AddressLiterals.canonical(h);
    boolean v4 = IPV4.matcher(c).matches() && Arrays.stream(c.split("\\.")).allMatch(o -> Integer.parseInt(o) < 256);
    if (!v4 && !IPV6_CANONICAL.matcher(c).matches()) {
      throw new IllegalArgumentException("rpop_trusted_hosts: '" + h + "' is not an IP address (RPOP trusts the"
          + " client's address; a host name could be spoofed by whoever controls its reverse zone)");
    }
    return c;
  }

  /** The settings of a {@code [login]} table; absent keys take the defaults. */
  public static LoginSettings from(LoginConfig c) throws ConfigException {
    String at = c.atSign();
    if (at != null && at.length() != 1) {
      throw new ConfigException(c.source() + ": key 'login.at_sign' must be a single character");
    }
    try {
      return new LoginSettings(
          or(c.useDomain(), DEFAULTS.useDomain()),
          or(c.usePrefix(), DEFAULTS.usePrefix()),
          at != null ? at.charAt(0) : DEFAULTS.atSign(),
          or(c.systemAccounts(), DEFAULTS.systemAccounts()),
          c.passwdFile() != null ? c.passwdFile() : DEFAULTS.passwdFile(),
          c.shadowFile() != null ? c.shadowFile() : DEFAULTS.shadowFile(),
          c.rpopTrustedHosts() != null ? Set.copyOf(c.rpopTrustedHosts()) : Set.of(),
          c.cacheSeconds() != null ? Duration.ofSeconds(c.cacheSeconds()) : DEFAULT_CACHE_TTL,
          c.cacheSize() != null ? (int) Math.min(Integer.MAX_VALUE, c.cacheSize()) : DEFAULT_CACHE_SIZE,
          c.maxConcurrentChecks() != null ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
              c.maxConcurrentChecks())) : PasswordHasher.defaultCheckPermits(),
          c.queueTimeoutSeconds() != null ? Duration.ofSeconds(c.queueTimeoutSeconds()) : DEFAULT_QUEUE_TIMEOUT,
          c.accountFailures() != null ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
              c.accountFailures())) : DEFAULT_ACCOUNT_FAILURES,
          c.accountFailureDelayMs() != null ? Duration.ofMillis(c.accountFailureDelayMs())
              : DEFAULT_ACCOUNT_FAILURE_DELAY);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(c.source() + ": [login] " + e.getMessage());
    }
  }

  private static boolean or(@Nullable Boolean b, boolean dflt) {
    return b != null ? b : dflt;
  }
}
