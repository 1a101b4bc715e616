package org.vqpop.domain;

import java.nio.file.Path;

/** A line of an administrative file that cannot be taken; the message starts with {@code file:line:}. */
public final class FileFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  public FileFormatException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }
}
