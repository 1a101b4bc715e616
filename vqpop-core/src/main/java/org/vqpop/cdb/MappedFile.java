package org.vqpop.cdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A read-only memory map of a whole file addressed by {@code long} positions. A ByteBuffer holds
 * at most 2 GiB and a cdb file may reach 4 GiB, so the file is mapped in chunks of 2^shift bytes;
 * a value that straddles two chunks is read piecewise. Only absolute gets are used, which leave
 * the buffers unchanged, so one instance serves any number of threads. Callers check bounds.
 */
final class MappedFile {
  /** 1 GiB chunks: at most four for the largest cdb file. */
  static final int DEFAULT_CHUNK_SHIFT = 30;

  private final ByteBuffer[] chunks;
  private final int shift;
  private final long mask;
  private final long size;

  private MappedFile(ByteBuffer[] chunks, int shift, long size) {
    this.chunks = chunks;
    this.shift = shift;
    this.mask = (1L << shift) - 1;
    this.size = size;
  }

  /** Maps the first {@code size} bytes of {@code channel}; the map outlives the channel. */
  static MappedFile map(FileChannel channel, long size, int shift) throws IOException {
    if (shift < 3 || shift > 30) {
      throw new IllegalArgumentException("chunk shift " + shift + " not in 3..30");
    }
    long chunkSize = 1L << shift;
    int n = (int) ((size + chunkSize - 1) >>> shift);
    ByteBuffer[] chunks = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      long start = (long) i << shift;
      long len = Math.min(chunkSize, size - start);
      chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, len).order(ByteOrder.LITTLE_ENDIAN);
    }
    return new MappedFile(chunks, shift, size);
  }

  long size() {
    return size;
  }

  /** The little-endian uint32 at {@code pos}, as a non-negative long. */
  long uint32(long pos) {
    return Integer.toUnsignedLong(int32(pos));
  }

  /** The little-endian 32-bit word at {@code pos}. */
  int int32(long pos) {
    ByteBuffer chunk = chunks[(int) (pos >>> shift)];
    int off = (int) (pos & mask);
    if (off + 4 <= chunk.limit()) {
      return chunk.getInt(off);
    }
    return (byte0(pos) & 0xff)
        | (byte0(pos + 1) & 0xff) << 8
        | (byte0(pos + 2) & 0xff) << 16
        | (byte0(pos + 3) & 0xff) << 24;
  }

  private byte byte0(long pos) {
    return chunks[(int) (pos >>> shift)].get((int) (pos & mask));
  }

  /** Whether the {@code key.length} bytes at {@code pos} equal {@code key}; allocates nothing. */
  boolean matches(long pos, byte[] key) {
    int i = 0;
    while (i < key.length) {
      ByteBuffer chunk = chunks[(int) ((pos + i) >>> shift)];
      int off = (int) ((pos + i) & mask);
      int n = Math.min(key.length - i, chunk.limit() - off);
      for (int j = 0; j < n; j++) {
        if (chunk.get(off + j) != key[i + j]) {
          return false;
        }
      }
      i += n;
    }
    return true;
  }

  /** Copies {@code dst.length} bytes starting at {@code pos} into {@code dst}. */
  void read(long pos, byte[] dst) {
    int i = 0;
    while (i < dst.length) {
      ByteBuffer chunk = chunks[(int) ((pos + i) >>> shift)];
      int off = (int) ((pos + i) & mask);
      int n = Math.min(dst.length - i, chunk.limit() - off);
      chunk.get(off, dst, i, n);
      i += n;
    }
  }
}
