package org.vqpop.fs;

/**
 * What a directory entry is, as {@code readdir(3)}'s {@code d_type} or {@code stat(2)}'s {@code
 * st_mode} tells it; {@link #UNKNOWN} when the file system does not say ({@code DT_UNKNOWN}: ask
 * {@code lstat}).
 */
public enum FileType {
  REGULAR("a regular file"),
  DIRECTORY("a directory"),
  SYMLINK("a symbolic link"),
  FIFO("a FIFO"),
  SOCKET("a socket"),
  CHAR_DEVICE("a character device"),
  BLOCK_DEVICE("a block device"),
  UNKNOWN("of unknown type");

  private final String description;

  FileType(String description) {
    this.description = description;
  }

  /** For log lines and errors: "a FIFO", "a directory". */
  public String description() {
    return description;
  }

  /** From the type bits of a {@code st_mode} ({@code S_IFMT}). */
  public static FileType ofMode(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> REGULAR;
      case 0040000 -> DIRECTORY;
      case 0120000 -> SYMLINK;
      case 0010000 -> FIFO;
      case 0140000 -> SOCKET;
      case 0020000 -> CHAR_DEVICE;
      case 0060000 -> BLOCK_DEVICE;
      default -> UNKNOWN;
    };
  }

  /** From a {@code d_type} ({@code DT_*}, the {@code S_IFMT} bits shifted right by 12). */
  static FileType ofDirentType(int dtype) {
    return dtype == 0 ? UNKNOWN : ofMode(dtype << 12);
  }
}
