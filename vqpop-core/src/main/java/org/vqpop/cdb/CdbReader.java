package org.vqpop.cdb;

import static org.vqpop.cdb.CdbFormat.HEADER_SIZE;
import static org.vqpop.cdb.CdbFormat.MAX_FILE_SIZE;
import static org.vqpop.cdb.CdbFormat.RECORD_HEADER_SIZE;
import static org.vqpop.cdb.CdbFormat.SLOT_SIZE;
import static org.vqpop.cdb.CdbFormat.TABLES;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.RegularFile;

/**
 * A cdb file opened for lookups. The file is memory-mapped once; a lookup reads the table of
 * contents from memory, probes one hash table and compares keys in place, so it allocates only
 * the value it returns. An open reader is safe for any number of threads.
 *
 * <p>cdb files are replaced by rename, never changed in place, so a reader keeps seeing the file
 * it opened; open a new reader to see a newer file. Every defect of a corrupt file is reported as
 * an {@link IOException} that names the file.
 */
public final class CdbReader implements AutoCloseable {
  private final Path path;
  /** Position of each hash table, from the table of contents. */
  private final long[] tablePos = new long[TABLES];
  /** Slot count of each hash table; 0 for an empty one, whose position then means nothing. */
  private final int[] tableSlots = new int[TABLES];
  /** Where the records end: at the first non-empty hash table (or the file end if none). */
  private final long recordsEnd;
  /** Null once closed. The mapping itself is released by the garbage collector. */
  private volatile @Nullable MappedFile file;

  private CdbReader(Path path, MappedFile file) throws IOException {
    this.path = path;
    long size = file.size();
    long end = size;
    for (int t = 0; t < TABLES; t++) {
      long pos = file.uint32(t * 8L);
      long slots = file.uint32(t * 8L + 4);
      if (slots == 0) {
        continue;
      }
      if (pos < HEADER_SIZE) {
        throw corrupt("hash table " + t + " overlaps the 2048-byte header (offset " + pos + ")");
      }
      if (pos + slots * SLOT_SIZE > size) {
        throw corruptKind("truncated", "hash table " + t + " points past end of file (offset " + pos
            + ", " + slots + " slots, size " + size + ")");
      }
      tablePos[t] = pos;
      tableSlots[t] = (int) slots; // fits: slots * 8 <= size < 2^32
      end = Math.min(end, pos);
    }
    this.recordsEnd = end;
    this.file = file;
  }

  /**
   * Opens and maps {@code file}, checking that its table of contents lies within the file.
   *
   * @throws IOException if the file cannot be read or is not a plausible cdb file
   */
  public static CdbReader open(Path file) throws IOException {
    return open(file, MappedFile.DEFAULT_CHUNK_SHIFT);
  }

  /** As {@link #open(Path)}, mapping in chunks of 2^chunkShift bytes (tests use small ones). */
  static CdbReader open(Path file, int chunkShift) throws IOException {
    // Opening a FIFO would block until a writer came, and a directory cannot be mapped: opened
    // O_NONBLOCK, and refused unless the open descriptor is a regular file.
    try (FileChannel channel = RegularFile.openRead(file)) {
      long size = channel.size();
      if (size < HEADER_SIZE) {
        throw new IOException(file + ": truncated: " + size
            + " bytes, shorter than the 2048-byte cdb header");
      }
      if (size > MAX_FILE_SIZE) {
        throw new IOException(file + ": not a cdb file: " + size
            + " bytes, larger than the format's 4 GiB limit");
      }
      MappedFile mapped;
      try {
        mapped = MappedFile.map(channel, size, chunkShift);
      } catch (IOException e) {
        throw new IOException(file + ": cannot map " + size + " bytes: " + e.getMessage(), e);
      }
      return new CdbReader(file, mapped);
    }
  }

  /** The first value stored under {@code key}, or null if there is none. */
  public byte @Nullable [] get(byte[] key) throws IOException {
    return lookup(key, null);
  }

  /** Every value stored under {@code key}, in the order they were added; empty if none. */
  public List<byte[]> getAll(byte[] key) throws IOException {
    List<byte[]> values = new ArrayList<>(1);
    lookup(key, values);
    return values;
  }

  /**
   * The lookup of cdb.txt: probe the key's hash table from its start slot, stopping at an empty
   * slot. Records with one key were placed in insertion order along one probe sequence, so
   * they are met in that order. Returns the first value if {@code all} is null, otherwise adds
   * every value to {@code all} and returns null.
   */
  private byte @Nullable [] lookup(byte[] key, @Nullable List<byte[]> all) throws IOException {
    MappedFile m = mapped();
    int h = CdbFormat.hash(key);
    int t = h & (TABLES - 1);
    int slots = tableSlots[t];
    if (slots == 0) {
      return null;
    }
    long table = tablePos[t];
    int slot = CdbFormat.startSlot(h, slots);
    try {
      // A corrupt table may have no empty slot: probing at most `slots` times cannot loop forever.
      for (int probes = 0; probes < slots; probes++) {
        long slotPos = table + (long) slot * SLOT_SIZE;
        long record = m.uint32(slotPos + 4);
        if (record == 0) {
          break;
        }
        if (m.int32(slotPos) == h && keyAt(m, t, record, key)) {
          byte[] value = valueAt(m, record, key.length);
          if (all == null) {
            return value;
          }
          all.add(value);
        }
        if (++slot == slots) {
          slot = 0;
        }
      }
    } catch (InternalError e) {
      throw changedUnderneath(e);
    }
    return null;
  }

  private boolean keyAt(MappedFile m, int table, long record, byte[] key) throws IOException {
    if (record < HEADER_SIZE || record + RECORD_HEADER_SIZE > recordsEnd) {
      throw corrupt("hash table " + table + " points to a record at offset " + record
          + ", outside the records (offsets " + HEADER_SIZE + " to " + recordsEnd + ")");
    }
    long klen = m.uint32(record);
    if (klen != key.length) {
      return false;
    }
    checkRecordEnd(record, klen, 0);
    return m.matches(record + RECORD_HEADER_SIZE, key);
  }

  private byte[] valueAt(MappedFile m, long record, long klen) throws IOException {
    long dlen = m.uint32(record + 4);
    checkRecordEnd(record, klen, dlen);
    if (dlen > Integer.MAX_VALUE - 8) {
      throw new IOException(path + ": value at offset " + record + " is " + dlen
          + " bytes, too large to return as one array");
    }
    byte[] value = new byte[(int) dlen];
    m.read(record + RECORD_HEADER_SIZE + klen, value);
    return value;
  }

  private void checkRecordEnd(long record, long klen, long dlen) throws IOException {
    if (record + RECORD_HEADER_SIZE + klen + dlen > recordsEnd) {
      throw corrupt("record at offset " + record + " (key length " + klen + ", data length " + dlen
              + ") runs past the end of the records at offset " + recordsEnd);
    }
  }

  /**
   * Calls {@code visitor} for every record in file order, which is the order they were added. The
   * arrays passed are fresh for each record and belong to the visitor.
   */
  public void forEach(RecordVisitor visitor) throws IOException {
    MappedFile m = mapped();
    long pos = HEADER_SIZE;
    while (pos < recordsEnd) {
      byte[] key;
      byte[] value;
      try {
        if (pos + RECORD_HEADER_SIZE > recordsEnd) {
          throw corrupt("record at offset " + pos + " runs past the end of the records at offset "
              + recordsEnd);
        }
        long klen = m.uint32(pos);
        checkRecordEnd(pos, klen, m.uint32(pos + 4));
        if (klen > Integer.MAX_VALUE - 8) {
          throw new IOException(path + ": key at offset " + pos + " is " + klen
              + " bytes, too large to return as one array");
        }
        key = new byte[(int) klen];
        m.read(pos + RECORD_HEADER_SIZE, key);
        value = valueAt(m, pos, klen);
      } catch (InternalError e) {
        throw changedUnderneath(e);
      }
      visitor.visit(key, value);
      pos += RECORD_HEADER_SIZE + key.length + (long) value.length;
    }
  }

  /** The file this reader was opened on, as given to {@link #open(Path)}. */
  public Path path() {
    return path;
  }

  /**
   * Closes this reader; later calls fail. The JDK cannot unmap a buffer on request, so the
   * memory map goes when the garbage collector finds it unreferenced.
   */
  @Override
  public void close() {
    file = null;
  }

  private MappedFile mapped() throws IOException {
    MappedFile m = file;
    if (m == null) {
      throw new IOException(path + ": cdb reader is closed");
    }
    return m;
  }

  /**
   * The JVM turns a fault on a mapped page (SIGBUS) into an InternalError. That happens only if
   * someone truncated the file in place instead of replacing it by rename.
   */
  private IOException changedUnderneath(InternalError e) {
    return new IOException(path + ": file changed while mapped (truncated in place?): "
        + e.getMessage(), e);
  }

  private IOException corrupt(String what) {
    return corruptKind("corrupt", what);
  }

  private IOException corruptKind(String kind, String what) {
    return new IOException(path + ": " + kind + ": " + what);
  }

  /** Receives the records of {@link #forEach}. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(byte[] key, byte[] value) throws IOException;
  }
}
