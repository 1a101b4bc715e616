package org.vqpop.auth.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How many password checks may run at once. An argon2id check at the default costs holds 19 MiB
 * of heap while it runs (Bouncy Castle allocates the whole memory matrix on the heap), and the
 * server runs each connection on its own virtual thread, so nothing else bounds how many run
 * together: 60 clients sending wrong passwords took a server from 170 MB to 5.4 GB. With this
 * limit the checks hold at most {@code permits} times that; the others wait in line, first come
 * first served (a fair semaphore), for at most {@code wait}, and are then refused, so that a
 * flood is answered with a temporary failure instead of an exhausted heap.
 *
 * <p>The limit is about memory, not CPU: with fewer cores than permits the checks share the cores
 * as before, and a queue does not make one check slower. Thread-safe.
 */
final class CheckLimit {
  private final Semaphore permits;
  private final int max;
  private final long waitNanos;

  /**
   * @param permits checks at once, at least 1
   * @param wait the longest a check waits for its turn; zero refuses at once when all are taken
   */
  CheckLimit(int permits, Duration wait) {
    if (permits < 1 || wait.isNegative()) {
      throw new IllegalArgumentException("a check limit needs at least one permit and a wait of 0 or more");
    }
    this.permits = new Semaphore(permits, true);
    this.max = permits;
    this.waitNanos = wait.toNanos();
  }

  /**
   * Runs {@code check} when its turn comes; {@code busy} if it does not come in time or the
   * thread is interrupted while waiting (the interrupt is kept for the caller).
   */
  <T> T run(Supplier<T> check, T busy) {
    boolean got;
    try {
      got = permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return busy;
    }
    if (!got) {
      return busy;
    }
    try {
      return check.get();
    } finally {
      permits.release();
    }
  }

  int permits() {
    return max;
  }

  /** Checks running now (for tests). */
  int running() {
    return max - permits.availablePermits();
  }
}
