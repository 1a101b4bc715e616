package org.vqpop.maildir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a big maildrop's index to a settled state in the background, so that the next login
 * reads the index and no directory.
 *
 * <p>The index may only vouch for a directory listed at least {@link MaildirIndex#SETTLE_NANOS}
 * after its last change ({@link MaildirIndex}). A QUIT changes {@code new/} and {@code cur/}, so
 * the scan of the login right after it, and of every login within those 2 s, lists them again
 * and can only record them as unsettled; without this, the first login after the 2 s would list
 * them once more. Here, once the change has settled, one scan lists them as any login would and
 * writes the settled index: on 100,000 messages that moves a relisting (~150 ms of CPU) out of
 * the next session into an idle moment.
 *
 * <p>The scan takes no lock: it changes no message, and an index is correct whoever writes it
 * (each directory's state is read before it is listed, and the file is replaced whole), so it
 * never makes a session wait or refuses one with {@code [IN-USE]}. One thread for the process;
 * one pending scan per maildrop; at most {@link #MAX_PENDING} pending, beyond which a maildrop
 * simply waits for its next login. Only maildrops of at least {@link #MIN_MESSAGES} messages:
 * below that a relisting costs less than the scheduling.
 */
final class IndexSettler {
  private static final Logger LOG = LoggerFactory.getLogger(IndexSettler.class);
  static final int MIN_MESSAGES = 1000;
  static final int MAX_PENDING = 10_000;
  /** After the settle time, so that a file system whose clock runs a little ahead is settled too. */
  private static final long MARGIN_MILLIS = 200;

  /** Each maildrop with a scan pending, and when it is due (the latest asked for). */
  private static final ConcurrentHashMap<Path, Long> PENDING = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService EXECUTOR =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maildir-index-settler");
        t.setDaemon(true);
        return t;
      });

  private IndexSettler() {}

  /**
   * Schedules a scan of {@code maildir} once it has settled at {@code settlesAtMillis}. A later
   * request for a maildrop with a scan pending moves it later (the change it is for came after).
   */
  static void schedule(Path maildir, long settlesAtMillis, Clock clock) {
    long due = settlesAtMillis + MARGIN_MILLIS;
    if (PENDING.size() >= MAX_PENDING && !PENDING.containsKey(maildir)) {
      return;
    }
    if (PENDING.merge(maildir, due, Math::max) != due) {
      return; // one is pending for this time or later already
    }
    try {
      EXECUTOR.schedule(() -> settle(maildir, due, clock), Math.max(0, due - clock.millis()), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      PENDING.remove(maildir, due);
    }
  }

  private static void settle(Path maildir, long due, Clock clock) {
    if (!PENDING.remove(maildir, due)) {
      return; // moved later: that run does it
    }
    try {
      IndexedScan.Result r = IndexedScan.scan(maildir, clock.instant(), MaildirScan::sizeFromContent);
      LOG.debug("maildir {}: index settled in the background ({} directories listed)", maildir, r.dirsListed());
    } catch (Exception e) {
      // Only a cache: the next login scans as it would have anyway.
      LOG.debug("maildir {}: background index scan failed: {}", maildir, e.toString());
    }
  }
}
