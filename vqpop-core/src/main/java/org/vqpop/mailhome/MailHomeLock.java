package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.vqpop.fs.FileOwner;
import org.vqpop.fs.RegularFile;
import org.vqpop.fs.IoErrors;

/**
 * The lock every read-modify-write of a mail home holds: an exclusive {@code fcntl} lock on {@code
 * .vqpop.lock}, so two commands never lose each other's update. The kernel drops it when a
 * process dies, so a killed command never leaves the mail home locked.
 */
final class MailHomeLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private MailHomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens (creating it if need be) and locks {@code file}, waiting up to {@code patience}. The file
   * is given to {@code owner}, like everything in the mail home: one that root created and kept
   * would stop every later command run as the pop account.
   */
  static MailHomeLock acquire(Path file, Duration patience, FileOwner owner) throws AdminException {
    FileChannel ch;
    try {
      // Through RegularFile: a FIFO or a link planted as the lock file fails here, never blocks.
      ch = RegularFile.openOrCreate(file, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException e) {
      throw new AdminException(AdminException.Kind.TEMPORARY, "cannot open lock file " + IoErrors.describe(e), e);
    }
    try {
      // only root can give files away; any other user is the pop account or fails on the first write
      if (FileOwner.current().uid() == 0
          && ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) != owner.uid()
              || (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS) != owner.gid())) {
        owner.apply(file);
      }
    } catch (IOException e) {
      closeQuietly(ch);
      throw new AdminException(AdminException.Kind.TEMPORARY, "cannot give the lock file away: " + IoErrors.describe(e), e);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      while (true) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          l = null; // held by another thread of this process: wait as for another process
        }
        if (l != null) {
          return new MailHomeLock(ch, l);
        }
        if (System.nanoTime() > deadline) {
          ch.close();
          throw new AdminException(AdminException.Kind.TEMPORARY,
              "the mail home is locked by another command (" + file + "); try again");
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      closeQuietly(ch);
      throw new AdminException(AdminException.Kind.TEMPORARY, "cannot lock " + IoErrors.describe(e), e);
    } catch (InterruptedException e) {
      closeQuietly(ch);
      Thread.currentThread().interrupt();
      throw new AdminException(AdminException.Kind.TEMPORARY, "interrupted while waiting for " + file);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing releases the lock either way
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }
}
