package org.vqpop.maildir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.RegularFile;

/**
 * A maildrop's index: what the last scan of {@code new/} and {@code cur/} found (each message's
 * name, time and RFC 1939 size) and the state of the two directories when it was made. It lives
 * in the Maildir as {@value #FILE_NAME} (a dot file: qmail-pop3d, vqpop and every Maildir reader
 * skip dot files) and is only ever a cache: whatever is wrong with it (missing, torn, an old
 * version, another Maildir's, unreadable) means a full scan, never a wrong answer.
 *
 * <p>A directory's entries are taken from the index without reading the directory only while the
 * directory is provably unchanged: the same inode, modification time and change time (both to the
 * nanosecond) as when it was listed, and it was {@linkplain DirState#settled settled} then, that
 * is its last change was at least {@link #SETTLE} older than the clock when it was listed. The
 * second rule is what makes the first safe: a file created in the same clock tick as the change
 * before the listing would leave the timestamps as they were (file systems store times in
 * ticks of a few milliseconds, some in whole seconds), so a directory changed that recently is
 * listed again next time. A clock stepped back behind the time the index was written makes the
 * whole index untrusted. Times set by hand ({@code touch -d}) cannot forge the change time.
 *
 * <p>What a directory's timestamps cannot tell: a message file rewritten in place under the same
 * name (no Maildir program does that; maildir(5) files never change) keeps its indexed size.
 *
 * <p>Format (all integers big-endian): the 8 bytes {@code VQPIDX1\n}; the Maildir's inode; for {@code new/} then
 * {@code cur/}: inode, mtime and ctime in nanoseconds, and a settled flag (1 byte); the wall
 * clock in milliseconds when the index was written; the entry count; each entry as subdir (1 byte,
 * 0 new, 1 cur), time in seconds, RFC 1939 size, name length (2 bytes) and name (UTF-8); last a
 * CRC-32C of all that precedes it. It is replaced whole: written to a temporary dot file, then
 * renamed over the old one (no fsync: a file torn by a crash fails its checksum).
 */
final class MaildirIndex {
  static final String FILE_NAME = ".vqpop-index";
  private static final byte[] MAGIC = "VQPIDX1\n".getBytes(StandardCharsets.US_ASCII);
  /** How old a directory's last change must be for its timestamps to prove it unchanged later. */
  static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** Longer names than any file system allows mean a corrupt index. */
  private static final int MAX_NAME = 1024;
  /** A sanity bound on the file: 100 million entries of a few dozen bytes would be past it. */
  static final int MAX_FILE = 1 << 30;
  private static final int HEADER = MAGIC.length + 8 + 2 * (8 + 8 + 8 + 1) + 8 + 4 + 4;

  private MaildirIndex() {}

  /**
   * A directory's identity and timestamps, read with one {@code stat}, and whether it had settled
   * ({@link #SETTLE_NANOS}) by {@code clockNanos}, the wall clock when it was read.
   */
  record DirState(long inode, long mtimeNanos, long ctimeNanos, boolean settled) {
    static DirState of(Path dir, long clockNanos) throws IOException {
      Map<String, Object> a = Files.readAttributes(dir, "unix:ino,lastModifiedTime,ctime");
      long ino = ((Number) a.get("ino")).longValue();
      long mtime = nanos((FileTime) a.get("lastModifiedTime"));
      long ctime = nanos((FileTime) a.get("ctime"));
      long last = Math.max(mtime, ctime);
      return new DirState(ino, mtime, ctime, clockNanos - last >= SETTLE_NANOS);
    }

    /** Whether {@code now}, the directory as it is, proves it unchanged since this state. */
    boolean unchangedAt(DirState now) {
      return settled && inode == now.inode && mtimeNanos == now.mtimeNanos && ctimeNanos == now.ctimeNanos;
    }
  }

  /** What an index file held: the two directories' states when written, and the entries. */
  record Contents(long maildirInode, DirState newDir, DirState curDir, long writtenMillis, List<MaildirScan.Entry> items) {}

  /** The inode of the Maildir itself: an index copied in from another Maildir is not this one's. */
  static long inode(Path maildir) throws IOException {
    return ((Number) Files.getAttribute(maildir, "unix:ino")).longValue();
  }

  private static long nanos(FileTime t) {
    Instant i = t.toInstant();
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
  }

  /**
   * The index of {@code maildir}, or null when there is none or it cannot be trusted as a whole:
   * not a regular file, too large, another version, a bad checksum or a malformed entry.
   */
  static @Nullable Contents read(Path maildir) {
    Path file = maildir.resolve(FILE_NAME);
    byte[] bytes;
    try {
      // Never through a link, never blocking on a FIFO put in its place: RegularFile checks the
      // open descriptor. One byte past the bound means too large.
      bytes = RegularFile.readAtMost(file, MAX_FILE);
    } catch (IOException | RuntimeException e) {
      return null; // missing, unreadable, not a regular file: a full scan
    }
    if (bytes.length > MAX_FILE) {
      return null;
    }
    return decode(bytes);
  }

  static @Nullable Contents decode(byte[] bytes) {
    if (bytes.length < HEADER) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
      return null;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b.get() != MAGIC[i]) {
        return null;
      }
    }
    long maildirInode = b.getLong();
    DirState newDir = new DirState(b.getLong(), b.getLong(), b.getLong(), b.get() == 1);
    DirState curDir = new DirState(b.getLong(), b.getLong(), b.getLong(), b.get() == 1);
    long written = b.getLong();
    int count = b.getInt();
    int end = bytes.length - 4;
    if (count < 0 || count > (end - b.position()) / 20) {
      return null;
    }
    List<MaildirScan.Entry> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (end - b.position() < 1 + 8 + 8 + 2) {
        return null;
      }
      byte sub = b.get();
      long mtime = b.getLong();
      long size = b.getLong();
      int len = Short.toUnsignedInt(b.getShort());
      if ((sub != 0 && sub != 1) || size < 0 || len == 0 || len > MAX_NAME || end - b.position() < len) {
        return null;
      }
      String name = new String(bytes, b.position(), len, StandardCharsets.UTF_8);
      b.position(b.position() + len);
      if (name.indexOf('/') >= 0 || name.startsWith(".")) {
        return null;
      }
      items.add(new MaildirScan.Entry(sub == 0 ? "new" : "cur", name, mtime, size));
    }
    if (b.position() != end) {
      return null;
    }
    return new Contents(maildirInode, newDir, curDir, written, items);
  }

  static byte[] encode(Contents c) {
    List<byte[]> names = new ArrayList<>(c.items().size());
    int size = HEADER;
    for (MaildirScan.Entry it : c.items()) {
      byte[] n = it.name().getBytes(StandardCharsets.UTF_8);
      if (n.length == 0 || n.length > MAX_NAME) {
        throw new IllegalArgumentException("name length " + n.length);
      }
      names.add(n);
      size = Math.addExact(size, 1 + 8 + 8 + 2 + n.length);
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    b.put(MAGIC);
    b.putLong(c.maildirInode());
    for (DirState d : new DirState[] {c.newDir(), c.curDir()}) {
      b.putLong(d.inode()).putLong(d.mtimeNanos()).putLong(d.ctimeNanos()).put((byte) (d.settled() ? 1 : 0));
    }
    b.putLong(c.writtenMillis());
    b.putInt(c.items().size());
    for (int i = 0; i < names.size(); i++) {
      MaildirScan.Entry it = c.items().get(i);
      byte[] n = names.get(i);
      b.put((byte) (it.subdir().equals("new") ? 0 : 1)).putLong(it.mtime()).putLong(it.size());
      b.putShort((short) n.length).put(n);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Replaces the index of {@code maildir} with {@code c}: a temporary dot file named for this
   * process, renamed over the old index. Failing to write is not an error for the caller (the index
   * is a cache): it returns false and the next scan is a full one.
   */
  static boolean write(Path maildir, Contents c) {
    Path tmp = maildir.resolve(FILE_NAME + ".tmp." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId());
    try {
      byte[] bytes = encode(c);
      Files.deleteIfExists(tmp);
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        out.write(bytes);
      }
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: its default mode will do
      }
      Files.move(tmp, maildir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
      return false;
    }
  }

  /** Removes the index, e.g. when a test or an administrator wants the next scan to be full. */
  static void remove(Path maildir) throws IOException {
    Files.deleteIfExists(maildir.resolve(FILE_NAME));
  }
}
