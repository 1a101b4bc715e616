package org.vqpop.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.vqpop.fs.Umask;

/** Creating the directory triple of a Maildir. */
public final class Maildirs {
  private Maildirs() {}

  /** The three subdirectories every Maildir has. */
  public static final String[] SUBDIRS = {"tmp", "new", "cur"};

  /**
   * Creates {@code dir} and its {@code tmp}, {@code new} and {@code cur} with mode 0700. Existing
   * directories are left as they are; a non-directory in the way is an error.
   */
  public static void create(Path dir) throws IOException {
    mkdir(dir);
    for (String sub : SUBDIRS) {
      mkdir(dir.resolve(sub));
    }
  }

  /** Whether {@code dir} has all three subdirectories. */
  public static boolean isMaildir(Path dir) {
    for (String sub : SUBDIRS) {
      if (!Files.isDirectory(dir.resolve(sub), LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private static final Set<PosixFilePermission> MODE_700 = PosixFilePermissions.fromString("rwx------");

  private static void mkdir(Path dir) throws IOException {
    Umask.mkdir(dir, MODE_700);
  }
}
