package org.vqpop.store;

/** The outcome of opening a maildrop: expected failures are values, not exceptions. */
public sealed interface OpenResult {

  /** Opened and locked; the caller owns the mailbox and must close it. */
  record Opened(Mailbox mailbox) implements OpenResult {}

  /** Another session holds the lock (RFC 3206 §2 {@code [IN-USE]}). */
  record InUse() implements OpenResult {}

  /**
   * Could not be opened.
   *
   * @param detail for the log only, never for the client
   */
  record Failed(Kind kind, String detail) implements OpenResult {}

  /** Whether trying again later may help (RFC 3206 {@code [SYS/TEMP]} vs {@code [SYS/PERM]}). */
  enum Kind {
    TEMPORARY,
    PERMANENT
  }
}
