package org.vqpop.fs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file whole: the content goes to {@code NAME.tmp} beside it, which gets its mode and
 * owner, is fsynced, and is renamed over the target; then the directory is fsynced. A process
 * killed at any point leaves the target old or new, never torn; a stale {@code .tmp} is simply
 * overwritten by the next writer (writers are serialised by the mail home's lock).
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes text through {@code body}. */
  @FunctionalInterface
  public interface TextBody {
    void write(Writer out) throws IOException;
  }

  /** Writes bytes through {@code body}. */
  @FunctionalInterface
  public interface ByteBody {
    void write(OutputStream out) throws IOException;
  }

  public static void writeText(Path target, Set<PosixFilePermission> mode, FileOwner owner, TextBody body)
      throws IOException {
    writeBytes(target, mode, owner, out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      body.write(w);
      w.flush();
    });
  }

  public static void writeString(Path target, Set<PosixFilePermission> mode, FileOwner owner, String text)
      throws IOException {
    writeText(target, mode, owner, w -> w.write(text));
  }

  /**
   * Like {@link #writeString} but without the two fsyncs: still atomic against a killed process
   * (the rename happens only after the content is written), but durable against a power loss only
   * once the caller syncs the file system ({@link FileSystemSync}). For bulk changes.
   */
  public static void writeStringUnsynced(Path target, Set<PosixFilePermission> mode, FileOwner owner, String text)
      throws IOException {
    write(target, mode, owner, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false);
  }

  public static void writeBytes(Path target, Set<PosixFilePermission> mode, FileOwner owner, ByteBody body)
      throws IOException {
    write(target, mode, owner, body, true);
  }

  private static void write(Path target, Set<PosixFilePermission> mode, FileOwner owner, ByteBody body, boolean sync)
      throws IOException {
    Path tmp = tempFor(target);
    boolean done = false;
    try {
      try (FileChannel ch = createFresh(tmp, mode)) {
        OutputStream out = Channels.newOutputStream(ch);
        body.write(out);
        out.flush();
        if (!Umask.preserves(mode)) {
          Files.setPosixFilePermissions(tmp, mode);
        }
        owner.apply(tmp);
        if (sync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
      if (sync) {
        syncDirectory(target.toAbsolutePath().getParent());
      }
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Creates the temp file exclusively with {@code mode}; a stale one left by a killed writer is
   * removed first (truncating it would keep its old mode and owner).
   */
  private static FileChannel createFresh(Path tmp, Set<PosixFilePermission> mode) throws IOException {
    Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(tmp, opts, PosixFilePermissions.asFileAttribute(mode));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      Files.delete(tmp);
      return FileChannel.open(tmp, opts, PosixFilePermissions.asFileAttribute(mode));
    }
  }

  /** The temporary file a writer of {@code target} uses: {@code NAME.tmp}, as qmail-newu does. */
  public static Path tempFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }

  /** Makes a rename or unlink in {@code dir} durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse fsync on a directory; the rename itself is still atomic.
      if (!"Is a directory".equals(e.getMessage()) && !(e instanceof java.nio.file.AccessDeniedException)) {
        throw e;
      }
    }
  }
}
