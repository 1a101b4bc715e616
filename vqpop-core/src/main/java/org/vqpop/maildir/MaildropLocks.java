package org.vqpop.maildir;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.IoErrors;

/**
 * Where a session takes its maildrop's lock (RFC 1939 §8: one session per maildrop). Two places,
 * one rule: an exclusive POSIX {@code fcntl} lock, seen by every process on the host and forwarded
 * by shared storage (NFS, GlusterFS, CephFS) to the other hosts.
 *
 * <ul>
 *   <li>A maildrop under the server's mail home: a byte of the mail home's {@link LockTable}
 *       ({@value LockTable#FILE}), which holds one descriptor for the whole process. A session
 *       then holds one descriptor, its socket, and the server's sessions are bounded by {@code
 *       ulimit -n}, not half of it.
 *   <li>Any other maildrop (a system account's home, a test's directory, a mail home this
 *       process was not told about): {@link MaildirLock}, a file in the Maildir, one descriptor
 *       held per session.
 * </ul>
 *
 * <p>The two do not see each other: a maildrop is always locked in the same place by every vqpop
 * process that shares the mail home, since the place follows from where the maildrop lies. Hosts
 * sharing a mail home must all run a version that locks in the table (this one or later); one
 * that still locks {@code Maildir/.vqpop-pop3.lock} would not exclude them. qmail-pop3d takes no
 * lock at all, so it was never excluded and is not now.
 */
public final class MaildropLocks {
  /** A held maildrop lock; closing it releases it, and closing it again does nothing. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final MaildropLocks PER_MAILDIR = new MaildropLocks(null);

  private final @Nullable Path mailHome;
  private volatile @Nullable LockTable table;

  private MaildropLocks(@Nullable Path mailHome) {
    this.mailHome = mailHome;
  }

  /** Every maildrop locked by a file of its own ({@link MaildirLock}). */
  public static MaildropLocks perMaildir() {
    return PER_MAILDIR;
  }

  /** Maildrops under {@code mailHome} locked in its table, any other by a file of its own. */
  public static MaildropLocks under(Path mailHome) {
    return new MaildropLocks(mailHome);
  }

  /**
   * Opens the mail home's table now (creating it, mode 0600, when missing), so that a server that
   * cannot lock maildrops says so at start rather than at every login. Does nothing per maildir.
   *
   * @throws IOException naming the table file when it cannot be opened (not the pop account's, a
   *     FIFO or a link planted under its name, a read-only mail home)
   */
  public void open() throws IOException {
    table();
  }

  private @Nullable LockTable table() throws IOException {
    if (mailHome == null) {
      return null;
    }
    LockTable t = table;
    if (t == null) {
      try {
        t = LockTable.of(mailHome);
      } catch (IOException e) {
        throw new IOException("lock table " + mailHome.resolve(LockTable.FILE) + ": " + IoErrors.describe(e), e);
      }
      table = t;
    }
    return t;
  }

  /** Locks {@code maildir}, or returns null when another session (here or elsewhere) holds it. */
  @Nullable Held tryLock(Path maildir) throws IOException {
    LockTable t = table();
    if (t != null && t.covers(maildir)) {
      LockTable.Held h = t.tryLock(maildir);
      return h == null ? null : h::close;
    }
    MaildirLock l = MaildirLock.tryAcquire(maildir);
    return l == null ? null : l::close;
  }
}
