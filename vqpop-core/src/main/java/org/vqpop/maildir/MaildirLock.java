package org.vqpop.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.RegularFile;

/**
 * The one-session-per-maildrop lock (RFC 1939 §8: the server acquires an exclusive lock on the
 * maildrop on entering TRANSACTION).
 *
 * <p>Two layers, because each covers what the other cannot. Across processes and hosts sharing
 * the storage: an exclusive {@link FileChannel#tryLock()} (POSIX {@code fcntl} locks on Unix,
 * which NFS forwards to the server's lock manager) on {@value #FILE} in the Maildir's top
 * directory. The top directory because it is never scanned for mail (only {@code new/} and {@code
 * cur/} are), and a dot name because Maildir readers skip dot files anyway. The file is never
 * removed: removing a lock file races with a second process that has it open. It is created with
 * mode 0600 and holds no data; anything but a regular file under its name (a FIFO, a link) is an
 * error, not a lock ({@link RegularFile}). Within this JVM:
 * a set of held paths, because {@code fcntl} locks belong to the process, so a second {@code
 * tryLock} from another thread of the same JVM would not fail as "held by another session" but
 * throw {@link java.nio.channels.OverlappingFileLockException}.
 */
final class MaildirLock implements AutoCloseable {

  static final String FILE = ".vqpop-pop3.lock";

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private MaildirLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or returns null when another session holds it. */
  static @Nullable MaildirLock tryAcquire(Path maildir) throws IOException {
    Path key = maildir.toRealPath();
    if (!HELD.add(key)) {
      return null;
    }
    FileChannel channel = null;
    try {
      // Not FileChannel.open: a FIFO planted under this name would block a write-only open (and
      // this session, with the name in HELD) for ever; RegularFile refuses anything but a file.
      channel = RegularFile.openOrCreate(key.resolve(FILE), PosixFilePermissions.fromString("rw-------"));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        // This JVM holds it under another path (e.g. a bind mount): in use all the same.
        lock = null;
      }
      if (lock == null) {
        channel.close();
        HELD.remove(key);
        return null;
      }
      return new MaildirLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      HELD.remove(key);
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it as well.
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing to do: the process lock goes with the descriptor.
    } finally {
      HELD.remove(key);
    }
  }
}
