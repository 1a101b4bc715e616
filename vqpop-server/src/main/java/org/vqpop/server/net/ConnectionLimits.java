package org.vqpop.server.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * How many connections may be open at once: in total, and from one client address. Shared by
 * all listeners, so that a second port is not a way around the limit. Thread-safe.
 *
 * <p>An IPv6 client is counted by its full address; one holding a whole /64 can open more
 * (counting by prefix is left for later).
 */
public final class ConnectionLimits {
  private final Semaphore total;
  private final int perAddress;
  /** Open connections per address; an entry is removed when its count returns to zero. */
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  public ConnectionLimits(int maxConnections, int maxPerAddress) {
    this.total = new Semaphore(maxConnections);
    this.perAddress = maxPerAddress;
  }

  /** A slot for one connection from {@code peer}, or null if a limit is reached. */
  @Nullable Permit tryAcquire(InetAddress peer) {
    if (!total.tryAcquire()) {
      return null;
    }
    boolean[] got = {false};
    open.compute(peer, (a, n) -> {
      int count = n == null ? 0 : n;
      if (count >= perAddress) {
        return n;
      }
      got[0] = true;
      return count + 1;
    });
    if (!got[0]) {
      total.release();
      return null;
    }
    return new Permit(peer);
  }

  /** Connections open now, for tests and logs. */
  int openNow(InetAddress peer) {
    return open.getOrDefault(peer, 0);
  }

  /** One connection's slot; closing it twice releases it once. */
  final class Permit implements AutoCloseable {
    private final InetAddress peer;
    private boolean released;

    private Permit(InetAddress peer) {
      this.peer = peer;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        open.computeIfPresent(peer, (a, n) -> n <= 1 ? null : n - 1);
        total.release();
      }
    }
  }
}
