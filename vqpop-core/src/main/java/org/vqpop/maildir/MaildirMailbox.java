package org.vqpop.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.fs.DirectoryHandle;
import org.vqpop.fs.IoErrors;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.fs.RegularFile;
import org.vqpop.store.Mailbox;
import org.vqpop.store.MessageInfo;
import org.vqpop.store.OpenResult;

/**
 * A {@link Mailbox} over a Maildir, behaving like qmail-pop3d where the Maildir is concerned:
 * snapshot order and UIDLs as {@link MaildirScan} describes, {@code tmp/} cleaned at open ({@link
 * TmpCleaner}), and at commit deleted files unlinked and the rest of {@code new/} moved to {@code
 * cur/} with {@code :2,} appended. The lock is taken where {@link MaildropLocks} says: in the mail
 * home's table for a server's maildrops, else in the Maildir ({@link MaildirLock}).
 */
public final class MaildirMailbox implements Mailbox {
  private static final Logger LOG = LoggerFactory.getLogger(MaildirMailbox.class);

  private final Path dir;
  private final List<MaildirScan.Entry> entries;
  private final long total;
  private final MaildropLocks.Held lock;
  private final Clock clock;
  private boolean committed;
  private boolean closed;

  private MaildirMailbox(Path dir, List<MaildirScan.Entry> entries, MaildropLocks.Held lock, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    this.entries = entries;
    this.lock = lock;
    long sum = 0;
    for (MaildirScan.Entry e : entries) {
      sum += e.size();
    }
    this.total = sum;
  }

  /** Opens the Maildir at {@code dir}, locked by a file of its own, with the system clock. */
  public static OpenResult open(Path dir) {
    return open(dir, Clock.systemUTC(), MaildropLocks.perMaildir());
  }

  /** Opens the Maildir at {@code dir} locked where {@code locks} says, with the system clock. */
  public static OpenResult open(Path dir, MaildropLocks locks) {
    return open(dir, Clock.systemUTC(), locks);
  }

  /** Opens the Maildir at {@code dir}, locked by a file of its own; {@code clock} is "now" for the scan. */
  public static OpenResult open(Path dir, Clock clock) {
    return open(dir, clock, MaildropLocks.perMaildir());
  }

  /** Opens and locks the Maildir at {@code dir}; {@code clock} decides what "now" is for the scan. */
  public static OpenResult open(Path dir, Clock clock, MaildropLocks locks) {
    if (!Maildirs.isMaildir(dir)) {
      return new OpenResult.Failed(OpenResult.Kind.PERMANENT, dir + " is not a Maildir");
    }
    MaildropLocks.Held lock;
    try {
      lock = locks.tryLock(dir);
    } catch (IOException e) {
      return new OpenResult.Failed(OpenResult.Kind.TEMPORARY, "lock " + dir + ": " + IoErrors.describe(e));
    }
    if (lock == null) {
      return new OpenResult.InUse();
    }
    try {
      TmpCleaner.clean(dir.resolve("tmp"), clock.instant());
      IndexedScan.Result scan = IndexedScan.scan(dir, clock.instant(), MaildirScan::sizeFromContent);
      List<MaildirScan.Entry> entries = scan.entries();
      if (scan.settlesAtMillis() > 0 && entries.size() >= IndexSettler.MIN_MESSAGES) {
        IndexSettler.schedule(dir, scan.settlesAtMillis(), clock);
      }
      return new OpenResult.Opened(new MaildirMailbox(dir, entries, lock, clock));
    } catch (IOException e) {
      lock.close();
      return new OpenResult.Failed(OpenResult.Kind.TEMPORARY, "scan " + dir + ": " + IoErrors.describe(e));
    } catch (RuntimeException e) {
      lock.close();
      return new OpenResult.Failed(OpenResult.Kind.TEMPORARY, "scan " + dir + ": " + e);
    }
  }

  @Override
  public int count() {
    return entries.size();
  }

  @Override
  public MessageInfo info(int index) {
    MaildirScan.Entry e = entries.get(index);
    return new MessageInfo(e.size(), e.uidl());
  }

  @Override
  public long size(int index) {
    return entries.get(index).size();
  }

  /** Made from the name when asked (a LIST never needs it); {@link MaildirScan#uidl} is always valid. */
  @Override
  public String uidl(int index) {
    return entries.get(index).uidl();
  }

  @Override
  public long totalSize() {
    return total;
  }

  /**
   * Opens a message as {@link RegularFile} does: the scan listed only regular files, but the name
   * may since have been replaced by a FIFO, device or link, which must neither block the session
   * (with the lock held) nor lead out of the maildrop. Such a file is logged and refused.
   */
  @Override
  public InputStream open(int index) throws IOException {
    checkOpen();
    Path file = path(entries.get(index));
    try {
      return RegularFile.newInputStream(file);
    } catch (NotRegularFileException e) {
      LOG.warn("maildir {}: not serving {}: {}", dir, file, e.getReason());
      throw e;
    }
  }

  /**
   * Unlinks the marked files, then moves the unmarked ones from {@code new/} to {@code cur/} as
   * qmail-pop3d does at QUIT. A file already gone counts as removed; a failed move is ignored (the
   * message stays in {@code new/} and is offered again, as in qmail-pop3d). Files that arrived
   * after the scan are not in the snapshot and are not touched. When the Maildir has a Maildir++
   * {@code maildirsize}, one line {@code -BYTES -COUNT} records the files this commit unlinked
   * (not those already gone), so deliveries see the space freed.
   */
  @Override
  public CommitResult commit(BitSet deleted) {
    checkOpen();
    if (committed) {
      throw new IllegalStateException("already committed");
    }
    committed = true;
    int removed = 0;
    int notRemoved = 0;
    int moved = 0;
    boolean quota = deleted.nextSetBit(0) >= 0
        && Files.exists(dir.resolve(MaildirSize.FILE), LinkOption.NOFOLLOW_LINKS);
    long unlinkedBytes = 0;
    long unlinkedCount = 0;
    // Each subdirectory opened once, when first needed: one unlinkat(2) or renameat(2) per
    // message, no path walks.
    try (Subdirs dirs = new Subdirs()) {
      for (int i = 0; i < entries.size(); i++) {
        MaildirScan.Entry e = entries.get(i);
        if (deleted.get(i)) {
          try {
            // The stored size only matters to a Maildir++ maildirsize; without one, no stat.
            long stored = quota ? storedSize(e) : 0;
            if (stored >= 0 && dirs.get(e.subdir()).unlink(e.name())) {
              unlinkedBytes += stored;
              unlinkedCount++;
            }
            removed++;
          } catch (IOException x) {
            notRemoved++;
          }
        } else if (e.subdir().equals("new")) {
          // The target name is the message's own name plus ":2,": if it exists it is this
          // message already, and rename(2) replacing it changes nothing.
          String target = e.name().indexOf(':') < 0 ? e.name() + ":2," : e.name();
          try {
            if (dirs.get("new").renameTo(e.name(), dirs.get("cur"), target)) { // false: gone, nothing to do
              moved++;
            }
          } catch (IOException x) {
            // qmail-pop3d: "if it fails, bummer". The message stays in new/, still readable.
          }
        }
      }
    }
    if (quota && unlinkedCount > 0) {
      try {
        MaildirSize.add(dir, -unlinkedBytes, -unlinkedCount);
      } catch (IOException x) {
        // The mail is gone either way; a maildirsize that overstates the usage is recomputed once
        // it stands in a delivery's way and is old enough (MaildirSize.check).
      }
    }
    if ((removed > 0 || moved > 0) && entries.size() >= IndexSettler.MIN_MESSAGES) {
      // This commit changed new/ and cur/: the next login lists them again (sizes from the index);
      // once they have settled, the index is brought up to date for the login after that.
      IndexSettler.schedule(dir, clock.millis() + TimeUnit.NANOSECONDS.toMillis(MaildirIndex.SETTLE_NANOS), clock);
    }
    return new CommitResult(removed, notRemoved);
  }

  /** {@code new/} and {@code cur/} of this Maildir, each opened at its first use and closed together. */
  private final class Subdirs implements AutoCloseable {
    private @Nullable DirectoryHandle newDir;
    private @Nullable DirectoryHandle curDir;

    DirectoryHandle get(String subdir) throws IOException {
      if (subdir.equals("new")) {
        return newDir != null ? newDir : (newDir = DirectoryHandle.open(dir.resolve("new")));
      }
      return curDir != null ? curDir : (curDir = DirectoryHandle.open(dir.resolve("cur")));
    }

    @Override
    public void close() {
      if (newDir != null) {
        newDir.close();
      }
      if (curDir != null) {
        curDir.close();
      }
    }
  }

  /**
   * The size Maildir++ counts for a message: {@code ,S=} in its name, else the file's size now,
   * before it is unlinked; -1 when the file is already gone (someone else removed it, and whoever
   * did accounts for it).
   */
  private long storedSize(MaildirScan.Entry e) throws IOException {
    Long fromName = MaildirSize.storedSizeFromName(e.name());
    if (fromName != null) {
      return fromName;
    }
    try {
      return Files.readAttributes(path(e), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    } catch (NoSuchFileException gone) {
      return -1;
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.close();
  }

  private Path path(MaildirScan.Entry e) {
    return dir.resolve(e.subdir()).resolve(e.name());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("mailbox closed");
    }
  }
}
