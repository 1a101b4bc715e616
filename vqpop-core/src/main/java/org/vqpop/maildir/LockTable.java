package org.vqpop.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.RegularFile;

/**
 * The session locks of every maildrop under one directory (the mail home) in one file, one byte
 * each: a POSIX {@code fcntl} lock on the byte at an offset derived from the maildrop's path
 * relative to that directory. A session then holds no descriptor of its own for its lock, only
 * its socket, and the table holds one for the whole process, however many sessions are open.
 *
 * <p>Across processes and hosts this is {@link MaildirLock}'s guarantee: {@code fcntl} locks are
 * seen by every process on the host and, on shared storage, forwarded to the file server's lock
 * manager (NFS {@code lockd}/NFSv4, GlusterFS's posix-locks, CephFS), which drops a dead client's
 * locks. The offset is the first 62 bits of the SHA-256 of the relative path, which is the same
 * on every host however the storage is mounted; two maildrops sharing an offset would only make
 * one wait for the other's session (a chance of about one in 10^14 for a million maildrops).
 *
 * <p>Within this JVM: {@code fcntl} locks belong to the process, so the JDK keeps its own table
 * of the locks a JVM holds on a file and refuses an overlapping one with {@link
 * OverlappingFileLockException}; that is the in-process exclusion. Because closing any
 * descriptor of a file drops all of the process's locks on it, each table file is opened once per
 * JVM ({@link #of}) and its channel is never closed.
 */
final class LockTable {
  static final String FILE = ".vqpop-pop3.locks";
  /** Offsets stay below 2^62: NFSv3 and FUSE take 64-bit offsets, some servers only signed ones. */
  private static final long OFFSET_MASK = (1L << 62) - 1;

  private static final ConcurrentHashMap<Path, LockTable> TABLES = new ConcurrentHashMap<>();

  private final Path root;
  private final FileChannel channel;

  private LockTable(Path root, FileChannel channel) {
    this.root = root;
    this.channel = channel;
  }

  /** The table of the maildrops under {@code root}, opened (and created, mode 0600) once per JVM. */
  static LockTable of(Path root) throws IOException {
    Path real = root.toRealPath();
    LockTable t = TABLES.get(real);
    if (t != null) {
      return t;
    }
    synchronized (TABLES) {
      t = TABLES.get(real);
      if (t == null) {
        // Not FileChannel.open: a FIFO planted under this name would block the open (and with it
        // every login); RegularFile refuses anything but a regular file, links included.
        FileChannel ch = RegularFile.openOrCreate(real.resolve(FILE), PosixFilePermissions.fromString("rw-------"));
        t = new LockTable(real, ch);
        TABLES.put(real, t);
      }
      return t;
    }
  }

  /** Whether {@code maildir} lies under this table's directory (else it needs a lock of its own). */
  boolean covers(Path maildir) throws IOException {
    return maildir.toRealPath().startsWith(root);
  }

  /** The byte that stands for {@code maildir}. */
  long offset(Path maildir) throws IOException {
    String relative = root.relativize(maildir.toRealPath()).toString();
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(relative.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v & OFFSET_MASK;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  /** Locks {@code maildir}'s byte, or returns null when a session here or elsewhere holds it. */
  @Nullable Held tryLock(Path maildir) throws IOException {
    long at = offset(maildir);
    FileLock lock;
    try {
      lock = channel.tryLock(at, 1, false);
    } catch (OverlappingFileLockException sameProcess) {
      return null;
    }
    return lock == null ? null : new Held(lock);
  }

  /** One held maildrop lock; closing it twice releases it once. */
  static final class Held implements AutoCloseable {
    private final FileLock lock;
    private boolean released;

    private Held(FileLock lock) {
      this.lock = lock;
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
        // The channel stays open; a lock the kernel would not release goes with the process.
      }
    }
  }
}
