package org.vqpop.delivery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.IoErrors;
import org.vqpop.fs.UnlinkedFile;

/**
 * Where an {@link IncomingMessage} puts its bytes once it grows past {@link #threshold()}: a
 * directory of spool files, so that a large message costs disk, not memory. Small messages never
 * come here (the fast path stays in memory).
 *
 * <p>A spool file is created {@code 0600} with {@code O_EXCL} ({@code CREATE_NEW}) and its name is
 * unlinked at once: the message lives only as long as its open descriptor. So it is gone when the
 * transaction ends, on any error, when the client disconnects, and also when the process is
 * killed; a name can only be left behind by a crash in the microseconds between create and
 * unlink, and {@link #sweep} removes those at start. Nothing else reads the files; the Maildir
 * copies are written from them in bounded chunks (never linked: a spool file shared between users
 * would carry one owner, mode and quota for all).
 *
 * <p>The directory is made {@code 0700} when missing. Whoever delivers (the server, {@code vqpop
 * deliver}) must be able to write it. Thread-safe.
 */
public final class Spool {
  /** 1 MiB: messages up to this stay in memory. */
  public static final long DEFAULT_THRESHOLD = 1024L * 1024;

  /** The spool directory's name under the mail home, unless configured otherwise. */
  public static final String DEFAULT_DIRECTORY = ".vqpop-spool";

  /** Never spools: every message stays in memory (tests, and callers without a directory). */
  public static final Spool MEMORY = new Spool(null, Long.MAX_VALUE);

  private static final String PREFIX = "spool.";
  private static final AtomicLong COUNTER = new AtomicLong();

  private final @Nullable Path dir;
  private final long threshold;
  private final long pid = ProcessHandle.current().pid();

  /**
   * @param dir the spool directory
   * @param threshold octets a message may hold in memory before it moves to a spool file
   */
  public Spool(@Nullable Path dir, long threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("the spool threshold must be positive");
    }
    this.dir = dir;
    this.threshold = threshold;
  }

  public long threshold() {
    return threshold;
  }

  public @Nullable Path directory() {
    return dir;
  }

  /**
   * A new, empty spool file, open for reading and writing, with no name left in the directory.
   *
   * @throws IOException naming the directory
   */
  UnlinkedFile create() throws IOException {
    Path d = dir;
    if (d == null) {
      throw new IOException("no spool directory");
    }
    try {
      if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return UnlinkedFile.create(d, () -> PREFIX + pid + "." + System.nanoTime() + "." + COUNTER.incrementAndGet());
    } catch (IOException e) {
      throw new IOException("spool directory " + d + ": " + IoErrors.describe(e), e);
    }
  }

  /**
   * Removes spool files older than {@code age} left by a crash between create and unlink; a
   * missing directory is fine. Live spool files have no name, so this never touches one in use.
   *
   * @return how many were removed
   */
  public int sweep(Duration age, Instant now) throws IOException {
    Path d = dir;
    if (d == null || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int removed = 0;
    FileTime before = FileTime.from(now.minus(age));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d, PREFIX + "*")) {
      for (Path f : files) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0
            && Files.deleteIfExists(f)) {
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public String toString() {
    return dir == null ? "memory" : dir + " (past " + threshold + " octets)";
  }
}
