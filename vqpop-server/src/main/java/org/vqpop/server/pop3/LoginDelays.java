package org.vqpop.server.pop3;

import java.net.InetAddress;
import org.vqpop.server.net.ConnectionLimits;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pause before answering a failed login, per client address: {@code base} for the first
 * failure, doubling with each further one, up to {@code max}. A run of failures is forgotten
 * after {@link #FORGET} without one. This slows password guessing from one address without
 * locking out the user (no account is ever locked). Thread-safe; the map is bounded.
 *
 * <p>An IPv6 client is counted by its prefix, as by the connection limits: a host holding a /64
 * would otherwise start afresh from each of its addresses, and could flush the table by filling it.
 */
final class LoginDelays {
  static final Duration FORGET = Duration.ofMinutes(15);
  private static final int MAX_ADDRESSES = 10_000;

  private record Failures(int count, long lastNanos) {}

  private final Duration base;
  private final Duration max;
  private final int ipv6Prefix;
  private final ConcurrentHashMap<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();

  LoginDelays(Duration base, Duration max) {
    this(base, max, 64);
  }

  LoginDelays(Duration base, Duration max, int ipv6Prefix) {
    this.base = base;
    this.max = max;
    this.ipv6Prefix = ipv6Prefix;
  }

  /** Counts a failure from {@code peer} and returns how long to wait before answering. */
  Duration failed(InetAddress address) {
    if (base.isZero()) {
      return Duration.ZERO;
    }
    InetAddress peer = ConnectionLimits.client(address, ipv6Prefix);
    long now = System.nanoTime();
    if (byAddress.size() >= MAX_ADDRESSES) {
      // Many addresses at once (a botnet, or a big NAT): forget the stale ones; if none are, start over.
      byAddress.values().removeIf(f -> now - f.lastNanos() > FORGET.toNanos());
      if (byAddress.size() >= MAX_ADDRESSES) {
        byAddress.clear();
      }
    }
    Failures f = byAddress.merge(peer, new Failures(1, now), (old, one) ->
        now - old.lastNanos() > FORGET.toNanos() ? one : new Failures(old.count() + 1, now));
    int doublings = Math.min(f.count() - 1, 16);
    Duration d = base.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }

  /** Failures counted for {@code peer} now (for tests). */
  int failures(InetAddress peer) {
    Failures f = byAddress.get(ConnectionLimits.client(peer, ipv6Prefix));
    return f == null ? 0 : f.count();
  }
}
