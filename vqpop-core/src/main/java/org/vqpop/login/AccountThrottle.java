package org.vqpop.login;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-account side of the login delays. The server slows guessing from one address (the
 * pause before a failure's answer grows with that address's failures), which does nothing
 * against many addresses guessing one account's password together. This counts the failures of
 * each account, from any address: once an account has had {@code threshold} within a run (a run
 * ends after {@link #WINDOW} without a failure), each further failure for it is answered after
 * {@code base}, doubling with each, up to {@link #MAX_DELAY}; a line in the log says when an
 * account starts being throttled.
 *
 * <p>Only failures wait: a right password is answered at once, whatever the account's count and
 * wherever it comes from, so the user of an account under attack can still log in (no account is
 * ever locked). A delayed failure holds the guesser's connection, which the per-address and
 * global connection limits count, so hanging up early does not let it try faster than the limits
 * allow.
 *
 * <p>An account is the resolved {@code user@domain}, so {@code joe@acme.com}, {@code acme-joe}
 * and {@code joe} on acme's address count together; an unknown user or domain is counted and
 * delayed the same way, by the name as given, so that the delays do not tell which exist.
 * Thread-safe; at most {@link #MAX_ACCOUNTS} accounts are held (see {@link FailureCounter}).
 */
public final class AccountThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(AccountThrottle.class);

  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration MAX_DELAY = org.vqpop.config.LoginSettings.MAX_ACCOUNT_FAILURE_DELAY;
  static final int MAX_ACCOUNTS = 10_000;

  private final int threshold;
  private final Duration base;
  private final FailureCounter<String> counter;

  /** @param base zero turns the throttle off */
  public AccountThrottle(int threshold, Duration base) {
    this(threshold, base, MAX_ACCOUNTS, System::nanoTime);
  }

  AccountThrottle(int threshold, Duration base, int maxAccounts, LongSupplier nanos) {
    this.threshold = threshold;
    this.base = base;
    this.counter = new FailureCounter<>("accounts", maxAccounts, WINDOW, threshold, nanos);
  }

  /**
   * Counts a failed login for {@code account} and returns how long its answer should wait.
   *
   * @param account the account key (see the class comment), lower-case
   * @param printable the account as it may appear in the log
   */
  public Duration failed(String account, String printable) {
    if (base.isZero()) {
      return Duration.ZERO;
    }
    int n = counter.failed(account);
    if (n <= threshold) {
      if (n == threshold) {
        LOG.warn("account {} throttled: {} failed logins within {} min; its further failures are answered"
            + " after {} ms, doubling up to {} s, from any address", printable, n, WINDOW.toMinutes(),
            base.toMillis(), MAX_DELAY.toSeconds());
      }
      return Duration.ZERO;
    }
    Duration d = base.multipliedBy(1L << Math.min(n - threshold - 1, 16));
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /** Failures counted for {@code account} in its current run (for tests). */
  int failures(String account) {
    return counter.failures(account);
  }

  int accounts() {
    return counter.size();
  }
}
