package org.vqpop.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A scratch file without a name: created {@code 0600} with {@code O_EXCL} in a directory, then
 * unlinked at once, so it lives exactly as long as its descriptor. Nothing can open it, and a
 * process that dies, however, frees it. Appends at the end; reads at any position. Not
 * thread-safe.
 */
public final class UnlinkedFile implements AutoCloseable {
  private static final Set<StandardOpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);

  private final FileChannel ch;
  private long length;

  private UnlinkedFile(FileChannel ch) {
    this.ch = ch;
  }

  /**
   * Creates the file in {@code dir} under the first name from {@code names} that is free, and
   * unlinks it.
   */
  public static UnlinkedFile create(Path dir, Supplier<String> names) throws IOException {
    for (int tries = 0;; tries++) {
      Path f = dir.resolve(names.get());
      FileChannel ch;
      try {
        ch = FileChannel.open(f, CREATE, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        if (tries < 100) {
          continue;
        }
        throw e;
      }
      try {
        Files.delete(f);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new UnlinkedFile(ch);
    }
  }

  /** Appends {@code len} bytes of {@code b}. */
  public void append(byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      length += ch.write(buf, length);
    }
  }

  /** Octets appended. */
  public long length() {
    return length;
  }

  /** Reads up to {@code len} bytes at {@code pos}; -1 at the end. */
  public int read(long pos, byte[] b, int off, int len) throws IOException {
    if (pos >= length) {
      return -1;
    }
    return ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, length - pos)), pos);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
