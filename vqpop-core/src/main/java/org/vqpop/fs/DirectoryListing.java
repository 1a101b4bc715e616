package org.vqpop.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The names in a directory with the type {@code readdir(3)} reports for each ({@code d_type}), so
 * that a Maildir scan can leave out FIFOs, sockets, devices, directories and symbolic links
 * without a {@code stat} per message (a login on a 100,000-message maildrop would pay 100,000 of
 * them). File systems that do not fill {@code d_type} report {@link FileType#UNKNOWN}; so does the
 * fallback without JNA or on other layouts of {@code struct dirent}, which lists the names with
 * {@link File#list()}. The caller asks {@code lstat} for those.
 */
public final class DirectoryListing {
  private DirectoryListing() {}

  /** One name and what {@code readdir} says it is. */
  public record Entry(String name, FileType type) {}

  /**
   * glibc's and musl's {@code struct dirent} on 64-bit Linux: {@code d_ino} (8), {@code d_off}
   * (8), {@code d_reclen} (2), {@code d_type} (1), then the name.
   */
  private static final int D_TYPE = 18;
  private static final int D_NAME = 19;
  private static final int ENOENT = 2;

  /** libc, bound with JNA's direct mapping. */
  private static final class C {
    static native Pointer opendir(String path) throws LastErrorException;

    static native Pointer readdir(Pointer dir) throws LastErrorException;

    static native int closedir(Pointer dir);
  }

  private static final boolean NATIVE;
  /** The JDK's encoding of file names, so that names decode as {@link File#list()} decodes them. */
  private static final String ENCODING =
      System.getProperty("sun.jnu.encoding", System.getProperty("native.encoding", "UTF-8"));

  static {
    boolean ok = false;
    if (Platform.isLinux() && Native.POINTER_SIZE == 8) {
      try {
        Native.register(C.class, NativeLibrary.getInstance("c"));
        ok = true;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        ok = false;
      }
    }
    NATIVE = ok;
  }

  /** The entries of {@code dir} but {@code .} and {@code ..}, in the order readdir gives them. */
  public static List<Entry> list(Path dir) throws IOException {
    if (!NATIVE) {
      String[] names = dir.toFile().list();
      if (names == null) {
        throw new FileSystemException(dir.toString(), null, "cannot list directory");
      }
      List<Entry> out = new ArrayList<>(names.length);
      for (String n : names) {
        out.add(new Entry(n, FileType.UNKNOWN));
      }
      return out;
    }
    Pointer d;
    try {
      d = C.opendir(dir.toString());
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOENT) {
        throw new NoSuchFileException(dir.toString());
      }
      throw new FileSystemException(dir.toString(), null, "cannot list directory: " + DirectoryHandle.message(e));
    }
    if (d == null) {
      throw new FileSystemException(dir.toString(), null, "cannot list directory");
    }
    try {
      List<Entry> out = new ArrayList<>();
      for (;;) {
        Pointer e;
        try {
          e = C.readdir(d);
        } catch (LastErrorException x) {
          throw new FileSystemException(dir.toString(), null, "cannot list directory: " + DirectoryHandle.message(x));
        }
        if (e == null) {
          return out;
        }
        String name = e.getString(D_NAME, ENCODING);
        if (name.equals(".") || name.equals("..")) {
          continue;
        }
        out.add(new Entry(name, FileType.ofDirentType(e.getByte(D_TYPE) & 0xff)));
      }
    } finally {
      C.closedir(d);
    }
  }
}
