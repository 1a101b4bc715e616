package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.domain.AddressLiterals;

/**
 * The {@code [login]} table, shared by {@code vqpop serve} and {@code chkpoppass}: how logins
 * select domains, which sources they may use, the password-check cache and the throttles. Defaults are the seed's: no {@code user@domain}, no {@code prefix-user},
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
 * @param accountFailures failed logins for one account within {@code AccountThrottle.WINDOW}, from
 *     any addresses, before its further failures are delayed
 * @param accountFailureDelay the delay of the first failure past {@code accountFailures}, doubling
 *     with each further one up to {@link #MAX_ACCOUNT_FAILURE_DELAY}; zero turns the counter off
 * @param allowPlaintext whether USER/PASS and AUTH PLAIN are allowed on unencrypted connections
 *     from other hosts; they are always allowed with TLS and from loopback (RFC 2595 §2.2
 *     recommends refusing them without TLS); {@code chkpoppass} does not use it
 */
public record LoginSettings(boolean useDomain, boolean usePrefix, char atSign, boolean systemAccounts,
    Path passwdFile, Path shadowFile, Set<String> rpopTrustedHosts, Duration cacheTtl, int cacheSize,
    int maxConcurrentChecks, Duration queueTimeout, int accountFailures, Duration accountFailureDelay,
    boolean allowPlaintext) {

  /** The longest delay of a throttled account's failures. */
  public static final Duration MAX_ACCOUNT_FAILURE_DELAY = Duration.ofSeconds(15);

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

  public LoginSettings(boolean useDomain, boolean usePrefix, char atSign, boolean systemAccounts,
      Path passwdFile, Path shadowFile, Set<String> rpopTrustedHosts, Duration cacheTtl, int cacheSize,
      int maxConcurrentChecks, Duration queueTimeout, int accountFailures, Duration accountFailureDelay) {
    this(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts, cacheTtl, cacheSize,
        maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay, false);
  }

  /** These settings with the domain selection given (for tests and the demo). */
  public LoginSettings withDomainSelection(boolean useDomain, boolean usePrefix, char atSign) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        cacheTtl, cacheSize, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay, allowPlaintext);
  }

  /** These settings with plaintext logins from other hosts allowed or not. */
  public LoginSettings withAllowPlaintext(boolean allow) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        cacheTtl, cacheSize, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay, allow);
  }

  /** These settings with the login throttles given (for tests and benchmarks). */
  public LoginSettings withThrottles(int maxConcurrentChecks, Duration queueTimeout, int accountFailures,
      Duration accountFailureDelay) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        cacheTtl, cacheSize, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay, allowPlaintext);
  }

  /** These settings with another password-check cache; a zero lifetime turns it off. */
  public LoginSettings withCache(Duration ttl, int size) {
    return new LoginSettings(useDomain, usePrefix, atSign, systemAccounts, passwdFile, shadowFile, rpopTrustedHosts,
        ttl, size, maxConcurrentChecks, queueTimeout, accountFailures, accountFailureDelay, allowPlaintext);
  }

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6_CANONICAL = Pattern.compile("([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}");

  public static final LoginSettings DEFAULTS = new LoginSettings(false, false, '@', false, Path.of("/etc/passwd"),
      Path.of("/etc/shadow"), Set.of());

  public LoginSettings {
    if (atSign <= 0x20 || atSign >= 0x7f || Character.isLetterOrDigit(atSign) || "-._:".indexOf(atSign) >= 0) {
      throw new KeyProblem("at_sign", "at_sign '" + atSign
          + "' must be one printable ASCII character that is not a letter, digit, '-', '.', '_' or ':'");
    }
    rpopTrustedHosts = Set.copyOf(rpopTrustedHosts.stream().map(LoginSettings::trustedHost).toList());
    if (cacheTtl.isNegative()) {
      throw new KeyProblem("cache_seconds", "must not be negative");
    }
    if (cacheSize < 1) {
      throw new KeyProblem("cache_size", "must be positive");
    }
    if (maxConcurrentChecks < 1) {
      throw new KeyProblem("max_concurrent_checks", "must be at least 1");
    }
    if (queueTimeout.isNegative()) {
      throw new KeyProblem("queue_timeout_seconds", "must not be negative");
    }
    if (accountFailures < 1) {
      throw new KeyProblem("account_failures", "must be at least 1");
    }
    if (accountFailureDelay.isNegative() || accountFailureDelay.compareTo(MAX_ACCOUNT_FAILURE_DELAY) > 0) {
      throw new KeyProblem("account_failure_delay_ms", "must be between 0 and "
          + MAX_ACCOUNT_FAILURE_DELAY.toMillis());
    }
  }

  private static String trustedHost(String h) {
    String c = AddressLiterals.canonical(h);
    boolean v4 = IPV4.matcher(c).matches() && Arrays.stream(c.split("\\.")).allMatch(o -> Integer.parseInt(o) < 256);
    if (!v4 && !IPV6_CANONICAL.matcher(c).matches()) {
      throw new KeyProblem("rpop_trusted_hosts", "'" + h + "' is not an IP address (RPOP trusts the"
          + " client's address; a host name could be spoofed by whoever controls its reverse zone)");
    }
    return c;
  }

  /** The table as the file gives it; absent keys take the defaults. */
  @JsonCreator
  static LoginSettings bind(
      @JsonProperty("use_domain") @Nullable Boolean useDomain,
      @JsonProperty("use_prefix") @Nullable Boolean usePrefix,
      @JsonProperty("at_sign") @Nullable String atSign,
      @JsonProperty("system_accounts") @Nullable Boolean systemAccounts,
      @JsonProperty("passwd_file") @Nullable String passwdFile,
      @JsonProperty("shadow_file") @Nullable String shadowFile,
      @JsonProperty("rpop_trusted_hosts") @Nullable List<String> rpop,
      @JsonProperty("cache_seconds") @Nullable Long cacheSeconds,
      @JsonProperty("cache_size") @Nullable Long cacheSize,
      @JsonProperty("max_concurrent_checks") @Nullable Long checks,
      @JsonProperty("queue_timeout_seconds") @Nullable Long queueTimeout,
      @JsonProperty("account_failures") @Nullable Long accountFailures,
      @JsonProperty("account_failure_delay_ms") @Nullable Long accountDelay,
      @JsonProperty("allow_plaintext") @Nullable Boolean allowPlaintext) {
    LoginSettings d = DEFAULTS;
    if (atSign != null && atSign.length() != 1) {
      throw new KeyProblem("at_sign", "must be a single character");
    }
    return new LoginSettings(
        useDomain != null ? useDomain : d.useDomain(),
        usePrefix != null ? usePrefix : d.usePrefix(),
        atSign != null ? atSign.charAt(0) : d.atSign(),
        systemAccounts != null ? systemAccounts : d.systemAccounts(),
        passwdFile != null ? Path.of(passwdFile) : d.passwdFile(),
        shadowFile != null ? Path.of(shadowFile) : d.shadowFile(),
        rpop != null ? Set.copyOf(rpop) : d.rpopTrustedHosts(),
        cacheSeconds != null ? Duration.ofSeconds(cacheSeconds) : d.cacheTtl(),
        cacheSize != null ? clamp(cacheSize) : d.cacheSize(),
        checks != null ? clamp(checks) : d.maxConcurrentChecks(),
        queueTimeout != null ? Duration.ofSeconds(queueTimeout) : d.queueTimeout(),
        accountFailures != null ? clamp(accountFailures) : d.accountFailures(),
        accountDelay != null ? Duration.ofMillis(accountDelay) : d.accountFailureDelay(),
        allowPlaintext != null ? allowPlaintext : d.allowPlaintext());
  }

  private static int clamp(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
