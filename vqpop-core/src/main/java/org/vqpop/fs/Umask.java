package org.vqpop.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The process umask, read once from {@code /proc/self/status}, so that a directory created with a
 * mode the umask leaves alone needs no second {@code chmod} call: bulk imports create half a
 * million directories, and each saved system call counts.
 */
public final class Umask {
  private Umask() {}

  /** -1 when unknown: then every mode is set explicitly. */
  private static final int MASK = read();

  private static int read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring(6).trim(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  /** Whether a file created with {@code mode} ends up with exactly that mode. */
  public static boolean preserves(Set<PosixFilePermission> mode) {
    if (MASK < 0) {
      return false;
    }
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 1 << (8 - p.ordinal());
    }
    return (bits & MASK) == 0;
  }

  /**
   * Creates {@code dir} with exactly {@code mode}; returns false when it already was a directory
   * (left as it is). A non-directory in the way is an error.
   */
  public static boolean mkdir(Path dir, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(dir + " exists and is not a directory");
      }
      return false;
    }
    if (!preserves(mode)) {
      Files.setPosixFilePermissions(dir, mode);
    }
    return true;
  }
}
