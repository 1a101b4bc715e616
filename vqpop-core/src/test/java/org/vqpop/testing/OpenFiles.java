package org.vqpop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The descriptors this process holds on files under a directory, read from {@code /proc/self/fd}
 * (Linux): the way to see that a file without a name, such as a spool file, was released.
 */
public final class OpenFiles {
  private OpenFiles() {}

  /** How many of this process's descriptors point to a file under {@code dir}, named or not. */
  public static long under(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().normalize() + "/";
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith(prefix);
        } catch (IOException e) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    }
  }
}
