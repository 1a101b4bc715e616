package org.vqpop.server.pop3;

import java.net.InetAddress;
import org.vqpop.server.net.ConnectionLimits;
import java.time.Duration;
import org.vqpop.login.FailureCounter;

/**
 * The pause before answering a failed login, per client address: {@code base} for the first
 * failure, doubling with each further one, up to {@code max}. A run of failures is forgotten
 * after {@link #FORGET} without one. This slows password guessing from one address without
 * locking out the user (no account is ever locked); guessing one account from many addresses is
 * slowed by the per-account counter of the login backend ({@code org.vqpop.login.AccountThrottle}).
 * Thread-safe; the table is bounded (see {@link FailureCounter}: when it is full of addresses,
 * the ones with long runs are kept and a line in the log says so). A line in the log says when an
 * address reaches the longest pause.
 *
 * <p>An IPv6 client is counted by its prefix, as by the connection limits: a host holding a /64
 * would otherwise start afresh from each of its addresses, and could flush the table by filling it.
 */
final class LoginDelays {
  static final Duration FORGET = Duration.ofMinutes(15);
  private static final int MAX_ADDRESSES = 10_000;
  /** Runs this long (a pause of 4 base delays and more) survive a full table. */
  private static final int KEEP_FROM = 3;

  private volatile Duration base;
  private final Duration max;
  private volatile int ipv6Prefix;
  private final FailureCounter<InetAddress> byAddress;

  LoginDelays(Duration base, Duration max) {
    this(base, max, 64);
  }

  LoginDelays(Duration base, Duration max, int ipv6Prefix) {
    this(base, max, ipv6Prefix, MAX_ADDRESSES);
  }

  LoginDelays(Duration base, Duration max, int ipv6Prefix, int maxAddresses) {
    this.base = base;
    this.max = max;
    this.ipv6Prefix = ipv6Prefix;
    this.byAddress = new FailureCounter<>("addresses", maxAddresses, FORGET, KEEP_FROM, System::nanoTime);
  }

  /** A new first delay and IPv6 prefix ({@code SIGHUP}); the failures counted so far stay. */
  void update(Duration newBase, int newIpv6Prefix) {
    base = newBase;
    ipv6Prefix = newIpv6Prefix;
  }

  /** Counts a failure from {@code peer} and returns how long to wait before answering. */
  Duration failed(InetAddress address) {
    Duration base = this.base;
    if (base.isZero()) {
      return Duration.ZERO;
    }
    // An address the full table does not count (0) still gets the base pause.
    InetAddress peer = ConnectionLimits.client(address, ipv6Prefix);
    int n = Math.max(byAddress.failed(peer), 1);
    Duration d = base.multipliedBy(1L << Math.min(n - 1, 16));
    if (d.compareTo(max) >= 0) {
      if (base.multipliedBy(1L << Math.min(n - 2, 16)).compareTo(max) < 0) {
        SessionLog.log.warn("client {} throttled: {} failed logins; its further failures are answered after {} s",
            peer.getHostAddress(), n, max.toSeconds());
      }
      return max;
    }
    return d;
  }

  /** Failures counted for {@code peer} now (for tests). */
  int failures(InetAddress peer) {
    return byAddress.failures(ConnectionLimits.client(peer, ipv6Prefix));
  }

  /** Addresses held now (for tests). */
  int addresses() {
    return byAddress.size();
  }
}
