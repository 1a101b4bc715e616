package org.vqpop.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory opened once ({@code O_DIRECTORY|O_NOFOLLOW}) so that many of its entries can be
 * removed or renamed with one {@code unlinkat(2)} or {@code renameat(2)} each, relative to the
 * open directory: no path walk from the root per file, and no {@code lstat} before each removal
 * (which {@link Files#deleteIfExists} makes). A POP3 QUIT that deletes 5,000 messages or moves
 * 100,000 from {@code new/} to {@code cur/} is that many system calls and no more. The open flags
 * are this architecture's ({@link OpenFlags}); where JNA's native support is missing or the
 * architecture is not in that table, the same operations go through {@link Files}.
 */
public final class DirectoryHandle implements Closeable {
  /** {@code O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC} as this architecture numbers them. */
  private static final int OPEN_FLAGS;
  private static final int ENOENT = 2;

  /** libc, bound with JNA's direct mapping (much cheaper per call than {@code Function.invoke}). */
  private static final class C {
    static native int open(String path, int flags) throws LastErrorException;

    static native int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    static native int renameat(int olddirfd, String oldpath, int newdirfd, String newpath)
        throws LastErrorException;

    static native int close(int fd);
  }

  private static final boolean NATIVE;

  static {
    OpenFlags f = OpenFlags.CURRENT;
    boolean ok = false;
    if (f != null) {
      try {
        Native.register(C.class, NativeLibrary.getInstance("c"));
        ok = true;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        ok = false; // no native support: the Files fallback below
      }
    }
    // An architecture whose flag values are not known: the Files fallback, never a guessed flag.
    NATIVE = ok;
    OPEN_FLAGS = f == null ? 0 : OpenFlags.O_RDONLY | f.directory() | f.nofollow() | f.cloexec();
  }

  private final Path dir;
  private int fd;

  private DirectoryHandle(Path dir, int fd) {
    this.dir = dir;
    this.fd = fd;
  }

  /** Opens {@code dir}; a symbolic link there is refused. */
  public static DirectoryHandle open(Path dir) throws IOException {
    return open(dir, NATIVE);
  }

  /**
   * Opens {@code dir} with the native calls or, with {@code nativeCalls} false, as a platform
   * without them does: the JDK's {@link Files} with {@code NOFOLLOW_LINKS} (the check of {@code
   * dir} there comes before each operation, not once: a race the native path does not have).
   */
  static DirectoryHandle open(Path dir, boolean nativeCalls) throws IOException {
    if (!nativeCalls) {
      BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isDirectory()) {
        throw new IOException(dir + ": cannot open directory: " + (a.isSymbolicLink() ? "a symbolic link"
            : "not a directory"));
      }
      return new DirectoryHandle(dir, -1);
    }
    try {
      int fd = C.open(dir.toString(), OPEN_FLAGS);
      return new DirectoryHandle(dir, fd);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOENT) {
        throw new NoSuchFileException(dir.toString());
      }
      throw new IOException(dir + ": cannot open directory: " + message(e));
    }
  }

  /** Removes the entry {@code name} (a file): true if removed, false if it was not there. */
  public boolean unlink(String name) throws IOException {
    checkName(name);
    if (fd < 0) {
      return deleteFile(dir.resolve(name));
    }
    try {
      C.unlinkat(fd, name, 0);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOENT) {
        return false;
      }
      throw new IOException(dir.resolve(name) + ": cannot remove: " + message(e));
    }
  }

  /**
   * Renames the entry {@code name} to {@code newName} in {@code target} (both directories on one
   * file system), replacing an entry of that name as {@code rename(2)} does: true if renamed,
   * false if {@code name} was not there.
   */
  public boolean renameTo(String name, DirectoryHandle target, String newName) throws IOException {
    checkName(name);
    checkName(newName);
    if (fd < 0 || target.fd < 0) {
      try {
        Files.move(dir.resolve(name), target.dir.resolve(newName), StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (NoSuchFileException e) {
        return false;
      }
    }
    try {
      C.renameat(fd, name, target.fd, newName);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOENT) {
        return false;
      }
      throw new IOException(dir.resolve(name) + " -> " + target.dir.resolve(newName) + ": cannot rename: "
          + message(e));
    }
  }

  /** The fallback's unlink: a file only, as {@code unlinkat(2)} without {@code AT_REMOVEDIR}. */
  private static boolean deleteFile(Path p) throws IOException {
    try {
      if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
        throw new IOException(p + ": cannot remove: Is a directory");
      }
      Files.delete(p);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (FileSystemException e) {
      throw new IOException(p + ": cannot remove: " + e.getReason(), e);
    }
  }

  @Override
  public void close() {
    if (fd >= 0) {
      C.close(fd);
      fd = -1;
    }
  }

  /** Only plain entry names: a slash or a dot-dot would reach outside the directory. */
  private static void checkName(String name) {
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("not a directory entry name: " + name);
    }
  }

  /** JNA's message is "[errno] text"; the text alone reads better in a log. */
  static String message(LastErrorException e) {
    String m = e.getMessage();
    int close = m == null ? -1 : m.indexOf("] ");
    return close < 0 ? String.valueOf(m) : m.substring(close + 2);
  }
}
