package org.vqpop.auth.password;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where password checks run, and how many at once. An argon2id check at the default costs holds
 * 19 MiB of heap while it runs (Bouncy Castle allocates the whole memory matrix on the heap), and
 * the server runs each connection on a virtual thread of its own, so nothing else bounds how many
 * run together on a machine with many cores: 60 clients sending wrong passwords took a server
 * from 170 MB to 5.4 GB. Here checks run on {@code permits} platform threads of their own, so
 * they hold at most {@code permits} times that; the others wait in line, first come first served,
 * and a login whose check has not been answered within {@code wait} is refused (and its check
 * dropped if it has not started), so that a flood is answered with a temporary failure instead of
 * an exhausted heap.
 *
 * <p>Why threads of their own and not a semaphore on the connection's virtual thread: a check is
 * pure computation that never blocks, so on a virtual thread it holds its carrier until it ends.
 * With a few cores, checks then occupy every carrier, one after another, and the virtual threads
 * that read commands, send answers or wake up when their wait is over queue behind them: under a
 * flood on 2 cores answers took 40 s and no wait ever timed out. The connection's virtual thread
 * here only parks until its check is done, and the carriers stay free for the network. Thread-safe.
 */
final class CheckLimit {
  private final ThreadPoolExecutor pool;
  private final int max;
  private final long waitNanos;
  private final AtomicInteger running = new AtomicInteger();

  /**
   * @param permits checks at once, at least 1
   * @param wait the longest a login waits for its check, queue and check together
   */
  CheckLimit(int permits, Duration wait) {
    if (permits < 1 || wait.isNegative()) {
      throw new IllegalArgumentException("a check limit needs at least one permit and a wait of 0 or more");
    }
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(permits, permits, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> Thread.ofPlatform().daemon().name("password-check-" + n.incrementAndGet()).unstarted(r));
    this.pool.allowCoreThreadTimeOut(true); // no threads while nobody logs in
    this.max = permits;
    this.waitNanos = wait.toNanos();
  }

  /**
   * Runs {@code check} when its turn comes; {@code busy} if it is not done within the wait or the
   * calling thread is interrupted (the interrupt is kept for the caller).
   */
  <T> T run(Supplier<T> check, T busy) {
    Future<T> f = pool.submit(() -> {
      running.incrementAndGet();
      try {
        return check.get();
      } finally {
        running.decrementAndGet();
      }
    });
    try {
      return f.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | CancellationException e) {
      f.cancel(false); // not started: it never will be; started: it ends on its own
      return busy;
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      return busy;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  int permits() {
    return max;
  }

  /** Checks running now (for tests). */
  int running() {
    return running.get();
  }
}
