package org.vqpop.fs;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One {@code syncfs(2)} for the file system holding a directory: after a bulk change (an import of
 * 100,000 users writes 100,000 {@code .qmail} files) this makes everything durable at once,
 * instead of one fsync per file, which costs a journal commit each (about 2 ms here, over three
 * minutes for such an import).
 */
public final class FileSystemSync {
  private FileSystemSync() {}

  /**
   * {@code O_RDONLY|O_DIRECTORY|O_CLOEXEC} where this architecture's values are known; plain
   * {@code O_RDONLY} (0 everywhere, and enough to open a directory) where they are not.
   */
  private static final int OPEN_FLAGS = OpenFlags.CURRENT == null ? OpenFlags.O_RDONLY
      : OpenFlags.O_RDONLY | OpenFlags.CURRENT.directory() | OpenFlags.CURRENT.cloexec();

  private static final @Nullable Function OPEN;
  private static final @Nullable Function SYNCFS;
  private static final @Nullable Function CLOSE;

  static {
    Function open = null;
    Function syncfs = null;
    Function close = null;
    try {
      NativeLibrary c = NativeLibrary.getInstance("c");
      open = c.getFunction("open");
      syncfs = c.getFunction("syncfs");
      close = c.getFunction("close");
    } catch (UnsatisfiedLinkError e) {
      // not Linux or no JNA native support: callers fall back to per-file fsync
    }
    OPEN = open;
    SYNCFS = syncfs;
    CLOSE = close;
  }

  /** Whether {@link #syncFileSystem} is available. */
  public static boolean available() {
    return SYNCFS != null;
  }

  /** Flushes the file system that holds {@code dir} to disk. */
  public static void syncFileSystem(Path dir) throws IOException {
    if (OPEN == null || SYNCFS == null || CLOSE == null) {
      throw new IOException("syncfs is not available on this system");
    }
    int fd = OPEN.invokeInt(new Object[] {dir.toString(), OPEN_FLAGS});
    if (fd < 0) {
      throw new IOException(dir + ": cannot open for syncfs");
    }
    try {
      if (SYNCFS.invokeInt(new Object[] {fd}) != 0) {
        throw new IOException(dir + ": syncfs failed");
      }
    } finally {
      CLOSE.invokeInt(new Object[] {fd});
    }
  }
}
