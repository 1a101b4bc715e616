package org.vqpop.cdb;

import static org.vqpop.cdb.CdbFormat.HEADER_SIZE;
import static org.vqpop.cdb.CdbFormat.MAX_FILE_SIZE;
import static org.vqpop.cdb.CdbFormat.RECORD_HEADER_SIZE;
import static org.vqpop.cdb.CdbFormat.SLOT_SIZE;
import static org.vqpop.cdb.CdbFormat.TABLES;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.vqpop.fs.FileOwner;

/**
 * Builds a cdb file the way qmail-newu builds {@code users/cdb}: records go to a temporary file
 * beside the target named after it plus {@code .tmp}, and {@link #commit()} renames that onto
 * the target, so readers see the old database or the new one, never a partial one. Without a
 * commit, {@link #close()} deletes the temporary file and leaves the target as it was.
 *
 * <p>The layout is djb's cdbmake's: records in the order added, then hash tables 0 to 255, each
 * with twice as many slots as entries and entries placed in the order added. Lookups return
 * records with the same key in that order, and the output is byte-identical to that of tinycdb's
 * {@code cdb -c} and Perl's CDB_File (djb's cdb_make code) for the same input, as CdbInteropTest
 * checks.
 *
 * <p>Not for use by several threads at once. Two writers for the same target at the same time
 * are not supported (qmail-newu does not lock either): the later one wins or one of them fails.
 */
public final class CdbWriter implements AutoCloseable {
  private static final int BUFFER_SIZE = 1 << 20;
  private static final String TEMP_SUFFIX = ".tmp";

  private enum State { OPEN, FAILED, COMMITTED, CLOSED }

  private final Path target;
  private final Path temp;
  private final long sizeLimit;
  private final FileChannel channel;
  private final ByteBuffer buffer;
  private State state = State.OPEN;

  /** Where the next record goes: just after the header at first. */
  private long pos = HEADER_SIZE;
  private int count;
  /** Hash and position (a uint32 stored in an int) of each record, in the order added. */
  private int[] hashes = new int[1024];
  private int[] positions = new int[1024];

  private CdbWriter(Path target, Path temp, long sizeLimit, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.sizeLimit = sizeLimit;
    this.channel = channel;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    // The header is only known at the end; reserve its 2048 bytes and fill them in at commit.
    buffer.put(new byte[HEADER_SIZE]);
  }

  /**
   * Starts a new database for {@code target}. A stale temporary file, say from a crashed
   * rebuild, is replaced. The temporary file gets exactly {@code mode}, whatever the umask, and
   * is given to {@code owner} right away, so a missing privilege fails before any work is done.
   */
  public static CdbWriter create(Path target, Set<PosixFilePermission> mode, FileOwner owner)
      throws IOException {
    return create(target, mode, owner, MAX_FILE_SIZE);
  }

  /** As {@link #create(Path, Set, FileOwner)} with a smaller size limit, to test the limit. */
  static CdbWriter create(Path target, Set<PosixFilePermission> mode, FileOwner owner,
      long sizeLimit) throws IOException {
    Path temp = tempFile(target);
    Files.deleteIfExists(temp);
    // Created with at most `mode` (the umask may take bits away, never add), so the contents are
    // never readable by anyone the final mode excludes; NOFOLLOW_LINKS refuses a planted symlink.
    FileChannel channel = FileChannel.open(temp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(mode));
    try {
      owner.apply(temp);
      // After the chown, which may clear set-id bits, and to undo the umask.
      Files.setPosixFilePermissions(temp, mode);
      return new CdbWriter(target, temp, sizeLimit, channel);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The temporary file for {@code target}: its name plus ".tmp", in the same directory. */
  static Path tempFile(Path target) {
    Path name = target.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("cdb target has no file name: " + target);
    }
    return target.resolveSibling(name + TEMP_SUFFIX);
  }

  /**
   * Adds a record. Keys may repeat; lookups then find the values in the order added.
   *
   * @throws IOException if writing fails, or if the record and its hash table slots would take
   *     the file past the format's 4 GiB limit; the writer stays usable after the latter
   */
  public void add(byte[] key, byte[] value) throws IOException {
    ensureOpen();
    long end = checkedEnd(pos, count, key.length, value.length, sizeLimit);
    if (end < 0) {
      throw new IOException(target + ": cdb too large: adding a record of " + key.length
          + "+" + value.length + " bytes as record " + (count + 1L) + " would make the file "
          + fileSizeWith(pos, count, key.length, value.length) + " bytes, over the format's "
          + "limit of " + sizeLimit + " bytes (positions are 32-bit)");
    }
    if (count == hashes.length) {
      grow();
    }
    state = State.FAILED; // until the record is fully buffered
    buffer(key.length);
    buffer(value.length);
    buffer(key);
    buffer(value);
    hashes[count] = CdbFormat.hash(key);
    positions[count] = (int) pos;
    count++;
    pos += RECORD_HEADER_SIZE + key.length + (long) value.length;
    state = State.OPEN;
  }

  /**
   * The size of the finished file if one more record is added to {@code records} records that
   * end at {@code recordsEnd}: records, then two 8-byte hash slots per record.
   */
  static long fileSizeWith(long recordsEnd, long records, int klen, int dlen) {
    return recordsEnd + RECORD_HEADER_SIZE + klen + dlen + (records + 1) * 2 * SLOT_SIZE;
  }

  /** Where the new record ends, or -1 if the finished file would exceed {@code limit}. */
  static long checkedEnd(long recordsEnd, long records, int klen, int dlen, long limit) {
    if (fileSizeWith(recordsEnd, records, klen, dlen) > limit) {
      return -1;
    }
    return recordsEnd + RECORD_HEADER_SIZE + klen + dlen;
  }

  private void grow() {
    // Record positions are at least 24 bytes apart in a file under 4 GiB, so the count stays
    // far below Integer.MAX_VALUE; doubling cannot overflow before the size limit stops us.
    int n = hashes.length * 2;
    hashes = Arrays.copyOf(hashes, n);
    positions = Arrays.copyOf(positions, n);
  }

  /**
   * Writes the hash tables and the header, makes the file durable, renames it onto the target
   * and syncs the directory so the rename survives a crash too (qmail-newu does all but the last).
   */
  public void commit() throws IOException {
    ensureOpen();
    state = State.FAILED;
    ByteBuffer header = writeTables();
    flush();
    header.flip();
    long at = 0;
    while (header.hasRemaining()) {
      at += channel.write(header, at);
    }
    channel.force(true);
    channel.close();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    state = State.COMMITTED;
    Path dir = target.toAbsolutePath().getParent();
    if (dir != null) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        throw new IOException(target + ": renamed into place, but syncing " + dir + " failed: " + e,
            e);
      }
    }
  }

  /**
   * Appends the 256 hash tables after the records, as cdb_make_finish does: table t gets
   * 2 * (entries with hash & 255 == t) slots; each entry, in the order added, goes to the first
   * free slot from (hash >>> 8) % slots on. Returns the header that describes them.
   */
  private ByteBuffer writeTables() throws IOException {
    int[] start = new int[TABLES + 1];
    for (int i = 0; i < count; i++) {
      start[(hashes[i] & (TABLES - 1)) + 1]++;
    }
    int maxEntries = 0;
    for (int t = 0; t < TABLES; t++) {
      maxEntries = Math.max(maxEntries, start[t + 1]);
      start[t + 1] += start[t];
    }
    // A counting sort by table that keeps the order added within each table.
    int[] order = new int[count];
    int[] next = Arrays.copyOf(start, TABLES);
    for (int i = 0; i < count; i++) {
      order[next[hashes[i] & (TABLES - 1)]++] = i;
    }
    int[] slotHash = new int[2 * maxEntries];
    int[] slotPos = new int[2 * maxEntries];
    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < TABLES; t++) {
      int slots = 2 * (start[t + 1] - start[t]);
      // An empty table records the current position too, as cdbmake does.
      header.putInt((int) pos).putInt(slots);
      if (slots == 0) {
        continue;
      }
      Arrays.fill(slotHash, 0, slots, 0);
      Arrays.fill(slotPos, 0, slots, 0);
      for (int j = start[t]; j < start[t + 1]; j++) {
        int r = order[j];
        int s = CdbFormat.startSlot(hashes[r], slots);
        // Position 0 marks a free slot; a record is never there since the header is.
        while (slotPos[s] != 0) {
          if (++s == slots) {
            s = 0;
          }
        }
        slotHash[s] = hashes[r];
        slotPos[s] = positions[r];
      }
      for (int s = 0; s < slots; s++) {
        if (buffer.remaining() < SLOT_SIZE) {
          flush();
        }
        buffer.putInt(slotHash[s]).putInt(slotPos[s]);
      }
      pos += (long) slots * SLOT_SIZE;
    }
    return header;
  }

  /**
   * Deletes the temporary file unless {@link #commit()} succeeded; the target is left as it
   * was. Safe to call more than once.
   *
   * @throws UncheckedIOException if the temporary file cannot be deleted
   */
  @Override
  public void close() {
    if (state == State.COMMITTED || state == State.CLOSED) {
      state = State.CLOSED;
      return;
    }
    state = State.CLOSED;
    try {
      channel.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(temp + ": cannot remove unfinished cdb: " + e.getMessage(), e);
    }
  }

  private void ensureOpen() throws IOException {
    switch (state) {
      case OPEN -> { }
      case FAILED -> throw new IOException(temp + ": an earlier write failed; start over");
      case COMMITTED, CLOSED -> throw new IllegalStateException(target + ": cdb writer is "
          + (state == State.COMMITTED ? "committed" : "closed"));
    }
  }

  private void buffer(int v) throws IOException {
    if (buffer.remaining() < 4) {
      flush();
    }
    buffer.putInt(v);
  }

  private void buffer(byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(buffer.remaining(), b.length - off);
      buffer.put(b, off, n);
      off += n;
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }
}
