package org.vqpop.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Opens a file that must be a regular file (a message, a lock file, a control file such as {@code
 * maildirsize}) so that nothing else planted under its name can block the caller or lead it
 * elsewhere.
 *
 * <p>The JDK cannot do this alone: {@link LinkOption#NOFOLLOW_LINKS} gives {@code O_NOFOLLOW}, but
 * there is no {@code O_NONBLOCK}, and {@code open(2)} of a FIFO without a writer blocks for ever
 * (as does its {@code read(2)}, or a write-only open without a reader); and a check of the path
 * before the open ({@code lstat}) is a race, since the name can be replaced in between. So, on
 * Linux:
 *
 * <ol>
 *   <li>{@code lstat} first, so that in the ordinary case a FIFO or a device is not even opened
 *       (opening some devices has effects of its own);
 *   <li>{@code open(O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)} through JNA, which never blocks: a FIFO opens
 *       at once (or fails with {@code ENXIO} for writing), a socket fails with {@code ENXIO}, a
 *       symbolic link with {@code ELOOP};
 *   <li>the type of the <em>open descriptor</em> is checked: {@code stat} of {@code
 *       /proc/self/fd/N} is {@code fstat(N)}; anything but a regular file is closed and refused
 *       with {@link NotRegularFileException};
 *   <li>the JDK's {@link FileChannel} is opened on {@code /proc/self/fd/N}, which reaches the very
 *       file the descriptor holds (a name swapped since step 2 does not matter), and the JNA
 *       descriptor is closed. The channel is an ordinary one: RETR streams through the JDK's I/O
 *       as before, and {@code O_NONBLOCK} (meaningless for a regular file) is not on it.
 * </ol>
 *
 * <p>Where JNA's native support or {@code /proc} is missing, only steps 1 and the JDK's {@code
 * O_NOFOLLOW} open remain (a file swapped between the two could still get through there).
 */
public final class RegularFile {
  private RegularFile() {}

  /** This architecture's {@code open(2)} flags; unused (and generic) where {@link #NATIVE} is false. */
  private static final OpenFlags FLAGS;
  private static final int ENOENT = 2;
  private static final int ENXIO = 6;
  private static final int EACCES = 13;
  private static final int EISDIR = 21;
  private static final int ELOOP = 40;

  /** libc, bound with JNA's direct mapping. */
  private static final class C {
    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd);
  }

  private static final boolean NATIVE;

  static {
    boolean ok = false;
    OpenFlags f = OpenFlags.CURRENT;
    // Only where the flag values are known ({@link OpenFlags}); elsewhere the JDK route.
    if (f != null && Platform.isLinux() && Files.isDirectory(Path.of("/proc/self/fd"))) {
      try {
        Native.register(C.class, NativeLibrary.getInstance("c"));
        ok = true;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        ok = false; // no native support: lstat and the JDK's O_NOFOLLOW open
      }
    }
    NATIVE = ok;
    FLAGS = f != null ? f : OpenFlags.GENERIC;
  }

  /** Opens {@code file} for reading. */
  public static FileChannel openRead(Path file) throws IOException {
    return open(file, OpenFlags.O_RDONLY, 0, StandardOpenOption.READ);
  }

  /** An input stream over {@link #openRead}. */
  public static InputStream newInputStream(Path file) throws IOException {
    return Channels.newInputStream(openRead(file));
  }

  /**
   * The text of {@code file} as {@link Files#readString(Path, java.nio.charset.Charset)} reads it
   * (malformed input is a {@link java.nio.charset.CharacterCodingException}), opened as above: for
   * control files a FIFO in their place must not block the server.
   */
  public static String readString(Path file, Charset charset) throws IOException {
    try (InputStream in = newInputStream(file)) {
      return charset.newDecoder().decode(ByteBuffer.wrap(in.readAllBytes())).toString();
    }
  }

  /** As {@link Files#newBufferedReader(Path, Charset)}, opened as above. */
  public static BufferedReader newBufferedReader(Path file, Charset charset) throws IOException {
    return new BufferedReader(new InputStreamReader(newInputStream(file), charset.newDecoder()));
  }

  /** Opens an existing {@code file} for appending ({@code O_APPEND}). */
  public static FileChannel openAppend(Path file) throws IOException {
    return open(file, FLAGS.wronly() | FLAGS.append(), 0, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * Opens {@code file} for reading and writing, creating it with {@code mode} (less the umask) when
   * it is missing: a lock file.
   */
  public static FileChannel openOrCreate(Path file, Set<PosixFilePermission> mode) throws IOException {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 1 << (8 - p.ordinal());
    }
    return open(file, FLAGS.rdwr() | FLAGS.creat(), bits, StandardOpenOption.READ, StandardOpenOption.WRITE,
        StandardOpenOption.CREATE);
  }

  /**
   * The first {@code max + 1} bytes of {@code file} at most, read as they arrive: a caller that gets
   * more than {@code max} bytes knows the file is too large without it being read whole.
   */
  public static byte[] readAtMost(Path file, int max) throws IOException {
    if (max < 0 || max == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("max " + max);
    }
    try (FileChannel ch = openRead(file)) {
      // One byte more than the size (or the limit): the read that fills it shows growth or excess.
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max + 1L, ch.size() + 1));
      for (;;) {
        if (!buf.hasRemaining()) {
          if (buf.capacity() > max) {
            break; // one byte past the limit: enough to say "too large"
          }
          // Grown since its size was read: more room, up to the limit and one byte.
          ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(max + 1L, buf.capacity() * 2L));
          buf.flip();
          bigger.put(buf);
          buf = bigger;
        }
        if (ch.read(buf) < 0) {
          break;
        }
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  private static FileChannel open(Path file, int flags, int mode, StandardOpenOption... reopen)
      throws IOException {
    FileType before = lstatType(file);
    if (before != null && before != FileType.REGULAR) {
      throw new NotRegularFileException(file.toString(), before);
    }
    if (!NATIVE) {
      Set<OpenOption> opts = new HashSet<>(Arrays.asList(reopen));
      opts.add(LinkOption.NOFOLLOW_LINKS);
      return FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(permissions(mode)));
    }
    int fd;
    try {
      fd = C.open(file.toString(), flags | FLAGS.nonblock() | FLAGS.nofollow() | FLAGS.cloexec(), mode);
    } catch (LastErrorException e) {
      throw openFailure(file, e);
    }
    try {
      Path self = Path.of("/proc/self/fd/" + fd);
      // stat(2) of the /proc link follows it to the open file: fstat(fd), not the name's file now.
      if (!Files.readAttributes(self, BasicFileAttributes.class).isRegularFile()) {
        throw new NotRegularFileException(file.toString(), type(self, true));
      }
      Set<OpenOption> opts = new HashSet<>(Arrays.asList(reopen));
      opts.remove(StandardOpenOption.CREATE);
      try {
        return FileChannel.open(self, opts);
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(file.toString());
      } catch (AccessDeniedException e) {
        throw new AccessDeniedException(file.toString());
      }
    } finally {
      // Before any fcntl lock is taken on the new channel: closing any descriptor of a file drops
      // the process's POSIX locks on it.
      C.close(fd);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = new HashSet<>();
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        set.add(p);
      }
    }
    return set;
  }

  /**
   * The type {@code lstat} gives, or null when there is no such file. The basic attributes first:
   * cheaper than the {@code unix} view's map, which only a file to refuse needs.
   */
  private static @Nullable FileType lstatType(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? FileType.REGULAR : type(file, false);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** What {@code file} is, for the message that refuses it. */
  private static FileType type(Path file, boolean follow) throws IOException {
    LinkOption[] how = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    return FileType.ofMode((Integer) Files.getAttribute(file, "unix:mode", how));
  }

  private static IOException openFailure(Path file, LastErrorException e) {
    String name = file.toString();
    return switch (e.getErrorCode()) {
      case ENOENT -> new NoSuchFileException(name);
      case EACCES -> new AccessDeniedException(name);
      case ELOOP -> new NotRegularFileException(name, FileType.SYMLINK);
      case EISDIR -> new NotRegularFileException(name, FileType.DIRECTORY);
      case ENXIO -> {
        // A socket, or a FIFO opened for writing without a reader: say which.
        FileType t;
        try {
          t = lstatType(file);
        } catch (IOException ignored) {
          t = null;
        }
        yield new NotRegularFileException(name, t == null ? FileType.UNKNOWN : t);
      }
      default -> new FileSystemException(name, null, DirectoryHandle.message(e));
    };
  }
}
