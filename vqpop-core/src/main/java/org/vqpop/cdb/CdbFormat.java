package org.vqpop.cdb;

/**
 * Constants and the hash function of the cdb format. A file is a 2048-byte table of contents of
 * 256 (position, slot count) pairs, then the records (key length, data length, key, data), then
 * the 256 hash tables of (hash, record position) slots. Every number is a little-endian uint32.
 */
final class CdbFormat {
  private CdbFormat() {}

  /** Number of hash tables; a key's table is its hash modulo 256. */
  static final int TABLES = 256;

  /** Size of the table of contents at the start of the file: 256 pairs of uint32. */
  static final int HEADER_SIZE = TABLES * 8;

  /** Size of one hash table slot: hash and record position, both uint32. */
  static final int SLOT_SIZE = 8;

  /** Size of a record's two length fields. */
  static final int RECORD_HEADER_SIZE = 8;

  /**
   * Largest file the format can describe. Every position is a uint32, and djb's cdb_make fails
   * as soon as its running position would wrap, so the file ends at or before 2^32 - 1.
   */
  static final long MAX_FILE_SIZE = 0xFFFF_FFFFL;

  /** djb's hash: start at 5381, then h = ((h << 5) + h) ^ c for each byte, in 32-bit arithmetic. */
  static int hash(byte[] key) {
    int h = 5381;
    for (byte b : key) {
      h = ((h << 5) + h) ^ (b & 0xff);
    }
    return h;
  }

  /** The slot where probing for hash {@code h} starts, in a table of {@code slots} slots. */
  static int startSlot(int h, int slots) {
    // h >>> 8 is non-negative, so the plain remainder equals the unsigned one cdb.txt means.
    return (h >>> 8) % slots;
  }
}
