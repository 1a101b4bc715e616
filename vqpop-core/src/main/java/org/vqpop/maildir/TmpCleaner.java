package org.vqpop.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes what failed deliveries left in {@code tmp/}: maildir(5) says a file there untouched for
 * 36 hours can be removed. qmail-pop3d does it when a session opens ({@code maildir_clean}), and
 * so do we (not at commit: a session that only reads should clean too).
 *
 * <p>qmail looks at the access time only. We take the later of access and modification time, so
 * that on a {@code noatime} mount a file still being written is never taken for abandoned.
 */
final class TmpCleaner {
  private TmpCleaner() {}

  static final Duration MAX_AGE = Duration.ofHours(36);

  /** Returns how many files were removed. Failures on single files are ignored. */
  static int clean(Path tmp, Instant now) {
    Instant cutoff = now.minus(MAX_AGE);
    int removed = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp)) {
      for (Path p : dir) {
        if (p.getFileName().toString().startsWith(".")) {
          continue;
        }
        try {
          BasicFileAttributes a =
              Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          Instant touched = a.lastAccessTime().toInstant();
          Instant modified = a.lastModifiedTime().toInstant();
          if (modified.isAfter(touched)) {
            touched = modified;
          }
          if (!a.isDirectory() && touched.isBefore(cutoff)) {
            Files.deleteIfExists(p);
            removed++;
          }
        } catch (IOException ignored) {
          // Gone or not ours to remove: cleaning is best effort, like qmail's.
        }
      }
    } catch (IOException ignored) {
      // An unreadable tmp/ must not keep the user from their mail.
    }
    return removed;
  }
}
