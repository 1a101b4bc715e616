package org.vqpop.fs;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code open(2)} flag values of this machine's Linux, for the calls made through JNA. JNA
 * cannot read C macros, and the values differ by architecture: arm and arm64 number {@code
 * O_DIRECTORY} and {@code O_NOFOLLOW} apart from {@code asm-generic/fcntl.h}, powerpc too (and
 * there the generic values mean {@code O_LARGEFILE} and {@code O_DIRECT}: a {@code O_NOFOLLOW}
 * silently lost), and mips moves {@code O_APPEND}, {@code O_NONBLOCK} and {@code O_CREAT}.
 *
 * <p>The table covers the architectures Debian builds (amd64, i386, arm64, armel/armhf, ppc64el,
 * s390x, riscv64, mips64el) and loongarch64, from each one's {@code
 * arch/ARCH/include/uapi/asm/fcntl.h} over {@code include/uapi/asm-generic/fcntl.h}. On any other
 * ({@link #forArch} is null), {@link DirectoryHandle} and {@link RegularFile} do not call {@code
 * open} themselves and use the JDK's {@code NOFOLLOW_LINKS} instead: slower or less strict, never
 * wrong.
 *
 * @param wronly {@code O_WRONLY}
 * @param rdwr {@code O_RDWR}
 * @param creat {@code O_CREAT}
 * @param append {@code O_APPEND}
 * @param nonblock {@code O_NONBLOCK}
 * @param directory {@code O_DIRECTORY}
 * @param nofollow {@code O_NOFOLLOW}
 * @param cloexec {@code O_CLOEXEC}
 */
record OpenFlags(int wronly, int rdwr, int creat, int append, int nonblock, int directory, int nofollow,
    int cloexec) {
  static final int O_RDONLY = 0;

  /** {@code include/uapi/asm-generic/fcntl.h}: x86, s390, riscv, loongarch. */
  static final OpenFlags GENERIC = new OpenFlags(01, 02, 0100, 02000, 04000, 0200000, 0400000, 02000000);

  /** arm and arm64 (and powerpc, for these two): {@code O_DIRECTORY} 040000, {@code O_NOFOLLOW} 0100000. */
  static final OpenFlags ARM = new OpenFlags(01, 02, 0100, 02000, 04000, 040000, 0100000, 02000000);

  /** powerpc: as arm for these flags ({@code O_LARGEFILE} and {@code O_DIRECT} differ, unused here). */
  static final OpenFlags POWERPC = ARM;

  /** mips: its own {@code O_APPEND}, {@code O_NONBLOCK} and {@code O_CREAT}; the rest generic. */
  static final OpenFlags MIPS = new OpenFlags(01, 02, 0x0100, 0x0008, 0x0080, 0200000, 0400000, 02000000);

  /** This machine's flags; null where the table does not know its architecture or it is not Linux. */
  static final @Nullable OpenFlags CURRENT =
      System.getProperty("os.name", "").equals("Linux") ? forArch(System.getProperty("os.arch", "")) : null;

  /** The flags for a JVM's {@code os.arch} on Linux, or null for an architecture not in the table. */
  static @Nullable OpenFlags forArch(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x86", "i386", "i486", "i586", "i686", "s390x", "riscv64", "loongarch64" -> GENERIC;
      case "aarch64", "arm", "armv7l", "armv6l", "arm64" -> ARM;
      case "ppc64le", "ppc64", "ppc" -> POWERPC;
      case "mips64el", "mips64", "mipsel", "mips" -> MIPS;
      default -> null;
    };
  }
}
