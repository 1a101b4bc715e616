package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vqpop.address.UserName;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.fs.AtomicFile;
import org.vqpop.fs.FileOwner;
import org.vqpop.fs.FileSystemSync;
import org.vqpop.fs.Umask;
import org.vqpop.maildir.Maildirs;

/**
 * Creates a user's home as the seed lays it out: {@code DOMAINDIR/j/joeuser/} (mode 0700) holding
 * {@code Maildir/{cur,new,tmp}} (0700) and a {@code .qmail} containing {@code ./Maildir/}, all
 * owned by the pop account. An existing {@code .qmail} is left as the administrator wrote it.
 *
 * <p>A user of a domain without prefix also gets a {@code .qmail-default} with the same line: its
 * {@code +USER-} line in {@code users/assign} hands {@code USER-EXT} to qmail-local with dash
 * {@code -} and extension {@code EXT}, and qmail-local then reads {@code .qmail-EXT}, else {@code
 * .qmail-default}, and bounces when neither exists ("no mailbox here by that name").
 *
 * <p>Thread-safe: an import makes homes from several threads, since the work is almost all
 * system calls.
 */
final class HomeMaker {
  static final String DOT_QMAIL = "./Maildir/\n";
  static final String DOT_QMAIL_DEFAULT = ".qmail-default";
  static final Set<PosixFilePermission> MODE_644 = PosixFilePermissions.fromString("rw-r--r--");

  private final MailHome home;
  private final PopAccount account;
  private final boolean bulk;
  /** Hash directories ({@code DOMAINDIR/j}) known to exist, so each is checked once per run. */
  private final Set<Path> known = ConcurrentHashMap.newKeySet();

  /**
   * @param bulk whether many homes are made at once: files are then not fsynced one by one, and
   *     the caller must call {@link #finish}
   */
  HomeMaker(MailHome home, PopAccount account, boolean bulk) {
    this.home = home;
    this.account = account;
    this.bulk = bulk && FileSystemSync.available();
  }

  /** Makes a bulk run durable with one sync of the file system. */
  void finish() throws IOException {
    if (bulk) {
      FileSystemSync.syncFileSystem(home.root());
    }
  }

  /**
   * Below the domain directory, nothing may be a symbolic link: the pop account owns the tree, and
   * a link planted there must not make a command run as root create files elsewhere.
   */
  private static void refuseLink(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      throw new IOException(p + " is a symbolic link; refusing to create a home through it");
    }
  }

  Path make(VirtualDomain d, UserName u) throws IOException {
    Path h = home.layout().home(d, u);
    fill(h, makeHomeDirectory(d, u), !d.hasPrefix());
    return h;
  }

  /**
   * The first half of a home: its hash directory and the home directory itself. These are the
   * only steps that write into a directory shared with other users' homes, so a bulk run does them
   * for one hash directory on one thread (concurrent mkdirs in one directory contend for its lock).
   *
   * @return whether the home was made just now
   */
  boolean makeHomeDirectory(VirtualDomain d, UserName u) throws IOException {
    Path h = home.layout().home(d, u);
    Path hashDir = h.getParent();
    if (!known.contains(hashDir)) {
      refuseLink(hashDir);
      Trees.mkdirs(home.root(), hashDir, Trees.DIR_755, account.owner());
      known.add(hashDir);
    }
    refuseLink(h);
    boolean fresh = Umask.mkdir(h, Trees.DIR_700);
    if (fresh) {
      account.owner().apply(h);
    }
    return fresh;
  }

  /**
   * The second half, inside the home only: the Maildir, the {@code .qmail} and, when {@code
   * extensions} (a domain without prefix), the {@code .qmail-default}.
   */
  void fill(Path h, boolean fresh, boolean extensions) throws IOException {
    Path maildir = h.resolve("Maildir");
    Maildirs.create(maildir);
    account.owner().apply(maildir);
    for (String sub : Maildirs.SUBDIRS) {
      account.owner().apply(maildir.resolve(sub));
    }
    Path dotQmail = h.resolve(".qmail");
    // A home made just now has no .qmail; an old one may have the administrator's, which stays.
    if (fresh || !Files.exists(dotQmail, LinkOption.NOFOLLOW_LINKS)) {
      // written whole or not at all: an empty .qmail would make qmail-local deliver to an mbox
      if (bulk) {
        AtomicFile.writeStringUnsynced(dotQmail, MODE_644, account.owner(), DOT_QMAIL);
      } else {
        AtomicFile.writeString(dotQmail, MODE_644, account.owner(), DOT_QMAIL);
      }
    }
    if (extensions) {
      writeDefaultIfMissing(h, account.owner(), bulk);
    }
  }

  /**
   * Writes {@code HOME/.qmail-default} unless it exists; one the administrator wrote stays.
   *
   * @return whether it was written
   */
  static boolean writeDefaultIfMissing(Path h, FileOwner owner, boolean unsynced) throws IOException {
    Path p = h.resolve(DOT_QMAIL_DEFAULT);
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (unsynced) {
      AtomicFile.writeStringUnsynced(p, MODE_644, owner, DOT_QMAIL);
    } else {
      AtomicFile.writeString(p, MODE_644, owner, DOT_QMAIL);
    }
    return true;
  }
}
