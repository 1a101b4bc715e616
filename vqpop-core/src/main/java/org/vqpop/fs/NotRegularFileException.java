package org.vqpop.fs;

import java.nio.file.FileSystemException;

/**
 * A file that should hold data (a message, a lock, a control file) is something else: a FIFO, a
 * socket, a device, a directory or a symbolic link. Such a file is never read: a FIFO or a device
 * could block the reader for ever, and a link could lead out of the directory it was found in.
 */
public final class NotRegularFileException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  private final FileType type;

  public NotRegularFileException(String file, FileType type) {
    super(file, null, "not a regular file but " + type.description());
    this.type = type;
  }

  /** What the file turned out to be. */
  public FileType type() {
    return type;
  }
}
