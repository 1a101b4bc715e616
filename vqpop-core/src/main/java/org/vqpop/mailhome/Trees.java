package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.vqpop.fs.FileOwner;
import org.vqpop.fs.Umask;

/** Directory work inside the mail home: creating owned directories and removing trees safely. */
final class Trees {
  private Trees() {}

  static final Set<PosixFilePermission> DIR_755 = PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> DIR_700 = PosixFilePermissions.fromString("rwx------");

  /** Creates {@code dir} and missing parents up to {@code top} (which must contain it). */
  static void mkdirs(Path top, Path dir, Set<PosixFilePermission> mode, FileOwner owner) throws IOException {
    requireInside(top, dir);
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null && !parent.equals(top) && parent.startsWith(top)) {
      mkdirs(top, parent, DIR_755, owner);
    }
    if (Umask.mkdir(dir, mode)) {
      owner.apply(dir);
    }
  }

  /**
   * Removes {@code dir} and everything below it, never following a symbolic link (a link is
   * removed, not what it points to).
   */
  static void removeTree(Path top, Path dir) throws IOException {
    requireInside(top, dir);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Removes {@code dir} if it is an empty directory strictly inside {@code top}. */
  static void removeIfEmpty(Path top, Path dir) throws IOException {
    if (!dir.startsWith(top) || dir.equals(top) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        return;
      }
    }
    Files.delete(dir);
  }

  /** The guard behind "nothing is ever created or removed outside the mail home". */
  static void requireInside(Path top, Path p) {
    Path n = p.toAbsolutePath().normalize();
    if (!n.startsWith(top) || n.equals(top)) {
      throw new IllegalStateException(p + " is not inside " + top);
    }
  }
}
