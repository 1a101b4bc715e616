package org.vqpop.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file's {@code [login]} table, read by both {@code vqpopd} and {@code
 * chkpoppass}; each value may be absent (null), and {@code org.vqpop.login.LoginSettings.from}
 * validates and fills in the defaults.
 *
 * <pre>
 * [login]
 * use_domain = true              # joeuser@acme.com
 * use_prefix = true              # acme-joeuser
 * at_sign = "%"                  # joeuser%acme.com
 * system_accounts = false        # /etc/passwd + /etc/shadow logins
 * passwd_file = "/etc/passwd"
 * shadow_file = "/etc/shadow"
 * rpop_trusted_hosts = ["192.0.2.7"]   # empty: no RPOP
 * cache_seconds = 3600           # remember successful password checks; 0: off
 * cache_size = 100000
 * max_concurrent_checks = 4      # password checks at once; default 2 per core
 * queue_timeout_seconds = 10     # a check waits this long for its turn, then [SYS/TEMP]
 * account_failures = 5           # failed logins for one account within 15 min before ...
 * account_failure_delay_ms = 1000  # ... its failures are answered this late, doubling; 0: off
 * </pre>
 *
 * @param source the file, for error messages
 */
public record LoginConfig(String source, @Nullable Boolean useDomain, @Nullable Boolean usePrefix,
    @Nullable String atSign, @Nullable Boolean systemAccounts, @Nullable Path passwdFile, @Nullable Path shadowFile,
    @Nullable List<String> rpopTrustedHosts, @Nullable Long cacheSeconds, @Nullable Long cacheSize,
    @Nullable Long maxConcurrentChecks, @Nullable Long queueTimeoutSeconds, @Nullable Long accountFailures,
    @Nullable Long accountFailureDelayMs) {

  public static final LoginConfig EMPTY =
      new LoginConfig("built-in defaults", null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** The keys of the table, for {@link ConfigFile#KNOWN_KEYS}. */
  static final List<String> KEYS = List.of("login", "login.use_domain", "login.use_prefix", "login.at_sign",
      "login.system_accounts", "login.passwd_file", "login.shadow_file", "login.rpop_trusted_hosts",
      "login.cache_seconds", "login.cache_size", "login.max_concurrent_checks", "login.queue_timeout_seconds",
      "login.account_failures", "login.account_failure_delay_ms");
}
