package org.vqpop.server.net;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The connections a listener is serving now, for an orderly shutdown. Thread-safe. */
final class OpenConnections<C extends AutoCloseable> {
  private final Set<C> open = ConcurrentHashMap.newKeySet();

  void add(C c) {
    open.add(c);
  }

  void remove(C c) {
    open.remove(c);
  }

  int size() {
    return open.size();
  }

  /** Waits until every connection has ended or {@code patience} has passed; true if all ended. */
  boolean await(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!open.isEmpty()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return true;
  }

  /** Closes every connection still open; closing is best effort. */
  void closeAll() {
    for (C c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }
}
