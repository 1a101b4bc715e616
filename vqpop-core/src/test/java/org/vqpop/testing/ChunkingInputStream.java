package org.vqpop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * Serves bytes in small pieces, as a network does: each read returns at most a chunk whose size
 * is fixed or drawn from a seeded random, and optionally throws after a number of bytes.
 */
public final class ChunkingInputStream extends InputStream {
  private final byte[] data;
  private final Random random;
  private final int maxChunk;
  private final long failAfter;
  private int pos;

  private ChunkingInputStream(byte[] data, int maxChunk, long seed, long failAfter) {
    this.data = data;
    this.maxChunk = maxChunk;
    this.random = seed < 0 ? null : new Random(seed);
    this.failAfter = failAfter;
  }

  /** Reads of exactly {@code chunk} bytes (fewer at the end). */
  public static ChunkingInputStream fixed(byte[] data, int chunk) {
    return new ChunkingInputStream(data, chunk, -1, Long.MAX_VALUE);
  }

  /** Reads of 1 to {@code maxChunk} bytes, sizes from a seeded random. */
  public static ChunkingInputStream random(byte[] data, int maxChunk, long seed) {
    return new ChunkingInputStream(data, maxChunk, seed, Long.MAX_VALUE);
  }

  /** One-byte reads, then an IOException once {@code failAfter} bytes were served. */
  public static ChunkingInputStream failing(byte[] data, long failAfter) {
    return new ChunkingInputStream(data, 1, -1, failAfter);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pos >= failAfter) {
      throw new IOException("connection reset (test)");
    }
    if (pos == data.length) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int chunk = random == null ? maxChunk : 1 + random.nextInt(maxChunk);
    int n = (int) Math.min(Math.min(chunk, len), Math.min(data.length - pos, failAfter - pos));
    System.arraycopy(data, pos, b, off, n);
    pos += n;
    return n;
  }
}
