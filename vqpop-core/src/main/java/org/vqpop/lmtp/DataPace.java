package org.vqpop.lmtp;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The clock on one message's data, from DATA's {@code 354} to the final dot: a total deadline, and
 * a minimum average rate once a grace period has passed. Without them a client could hold a
 * connection (and, before spooling, memory) for as long as its idle timeout allows between two
 * bytes, forever. Postfix's SMTP server has the same pair ({@code smtpd_per_request_deadline},
 * {@code smtpd_min_data_rate}); its LMTP client gives the data {@code lmtp_data_done_timeout} =
 * 600 s, the default here.
 *
 * <p>Pure arithmetic on {@link System#nanoTime()}-style readings passed in, so it is tested
 * without waiting; the connection asks {@link #check} as bytes arrive and {@link #nanosLeft} for
 * how long its next read may block. Not thread-safe.
 */
public final class DataPace {

  /**
   * @param timeout the most one message's data may take
   * @param minRate octets per second the data must average once {@code grace} has passed; 0 for no
   *     minimum
   * @param grace how long the data may come slowly at first (a client may start slowly)
   */
  public record Limits(Duration timeout, long minRate, Duration grace) {
    /** 10 minutes, 10 KiB/s after 30 s: a 50 MB message needs 87 KB/s to make the deadline anyway. */
    public static final Limits DEFAULTS = new Limits(Duration.ofMinutes(10), 10 * 1024, Duration.ofSeconds(30));

    public Limits {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the data timeout must be positive");
      }
      if (minRate < 0 || grace.isNegative()) {
        throw new IllegalArgumentException("the minimum data rate and its grace must not be negative");
      }
    }
  }

  /** Why the data was cut off. */
  public enum Breach {
    /** Past {@link Limits#timeout()}. */
    TIMEOUT,
    /** Below {@link Limits#minRate()} after the grace. */
    TOO_SLOW
  }

  private final Limits limits;
  private final long start;
  private long bytes;

  /** Starts the clock at {@code startNanos}. */
  public DataPace(Limits limits, long startNanos) {
    this.limits = limits;
    this.start = startNanos;
  }

  /** Counts {@code n} more octets received. */
  public void received(long n) {
    bytes += n;
  }

  public long bytes() {
    return bytes;
  }

  /** Whether the data is over its deadline or too slow at {@code now}; null when neither. */
  public @Nullable Breach check(long now) {
    long elapsed = now - start;
    if (elapsed >= limits.timeout().toNanos()) {
      return Breach.TIMEOUT;
    }
    if (limits.minRate() > 0 && elapsed > limits.grace().toNanos()
        && bytes < (double) limits.minRate() * elapsed / 1e9) {
      return Breach.TOO_SLOW;
    }
    return null;
  }

  /**
   * Nanoseconds from {@code now} until {@link #check} fails if nothing more arrives: the deadline,
   * or the moment the average falls below the minimum rate (never before the grace ends). 0 when
   * it already fails.
   */
  public long nanosLeft(long now) {
    long elapsed = now - start;
    long until = limits.timeout().toNanos();
    if (limits.minRate() > 0) {
      // bytes / t >= minRate holds until t = bytes / minRate.
      double slowAt = Math.max(limits.grace().toNanos(), bytes * 1e9 / limits.minRate());
      until = (long) Math.min(until, Math.ceil(slowAt) + 1);
    }
    return Math.max(0, until - elapsed);
  }
}
