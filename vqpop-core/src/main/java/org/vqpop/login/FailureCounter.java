package org.vqpop.login;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed logins per key (a client address, an account) in runs: a run is forgotten after
 * {@code window} without a failure. Used for the login delays, per address in the server and per
 * account here ({@link AccountThrottle}).
 *
 * <p>Bounded: at most about {@code maxKeys} keys are held (a little more while threads race). When
 * the table is full, runs that have ended are dropped first, then runs shorter than {@code
 * keepFrom} (those that delay nothing yet, or little); the long runs, the ones that slow a guesser
 * down, are kept, so that a flood of new names or addresses cannot wash them out. If even that
 * leaves no room, a new key is not counted until there is, and a line says so (at most once a
 * window). Thread-safe.
 */
public final class FailureCounter<K> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureCounter.class);

  private record Run(int count, long lastNanos) {}

  private final String what;
  private final int maxKeys;
  private final long windowNanos;
  private final int keepFrom;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<K, Run> runs = new ConcurrentHashMap<>();
  private final AtomicLong lastFullNotice = new AtomicLong();
  private volatile boolean noticed;

  /**
   * @param what what the keys are, for the log ("addresses", "accounts")
   * @param keepFrom runs at least this long are kept when the table is full
   */
  public FailureCounter(String what, int maxKeys, Duration window, int keepFrom, LongSupplier nanos) {
    if (maxKeys < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a failure counter needs room and a positive window");
    }
    this.what = what;
    this.maxKeys = maxKeys;
    this.windowNanos = window.toNanos();
    this.keepFrom = keepFrom;
    this.nanos = nanos;
  }

  /**
   * Counts a failure for {@code key}.
   *
   * @return the failures in its current run, this one included; 0 if the table is full of long
   *     runs and the key is not counted
   */
  public int failed(K key) {
    long now = nanos.getAsLong();
    if (runs.size() >= maxKeys && !runs.containsKey(key) && !makeRoom(now)) {
      full(now);
      return 0;
    }
    Run r = runs.merge(key, new Run(1, now), (old, one) ->
        now - old.lastNanos() > windowNanos ? one : new Run(old.count() + 1, now));
    return r.count();
  }

  /** The failures in {@code key}'s current run, 0 if none. */
  public int failures(K key) {
    Run r = runs.get(key);
    return r == null || nanos.getAsLong() - r.lastNanos() > windowNanos ? 0 : r.count();
  }

  /** Keys held now. */
  public int size() {
    return runs.size();
  }

  private boolean makeRoom(long now) {
    runs.values().removeIf(r -> now - r.lastNanos() > windowNanos);
    if (runs.size() < maxKeys) {
      return true;
    }
    runs.values().removeIf(r -> r.count() < keepFrom);
    return runs.size() < maxKeys;
  }

  private void full(long now) {
    long last = lastFullNotice.get();
    if ((!noticed || now - last > windowNanos) && lastFullNotice.compareAndSet(last, now)) {
      noticed = true;
      LOG.warn("login failures: the table of {} is full ({} with {} or more recent failures);"
          + " failures of new {} are not counted until runs end", what, runs.size(), keepFrom, what);
    }
  }
}
