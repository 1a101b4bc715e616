package org.vqpop.mailhome;

/**
 * A change to the mail home that could not be made, with a message for the administrator that
 * names the file, line, domain or user. {@link Kind} tells a command which exit code to use.
 */
public final class AdminException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether trying again can help: qmail's 100/111 distinction. */
  public enum Kind {
    /** Bad input or usage: exit 1. Nothing was changed. */
    BAD_INPUT,
    /** A temporary failure (I/O, a lock held too long): exit 111. */
    TEMPORARY
  }

  private final Kind kind;

  public AdminException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public AdminException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static AdminException bad(String message) {
    return new AdminException(Kind.BAD_INPUT, message);
  }

  public Kind kind() {
    return kind;
  }
}
