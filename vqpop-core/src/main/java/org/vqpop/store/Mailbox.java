package org.vqpop.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.BitSet;

/**
 * A maildrop opened for one session: an exclusive lock plus a snapshot of its messages, numbered
 * from index 0 (POP3 message n is index n-1). The snapshot does not change while it is open: mail
 * delivered meanwhile shows up in the next session (RFC 1939 §8: message numbers stay fixed for
 * the whole session). Used by one session thread at a time.
 */
public interface Mailbox extends AutoCloseable {

  /** The number of messages in the snapshot, deleted ones included. */
  int count();

  /** Size and unique id of message {@code index}. */
  MessageInfo info(int index);

  /** The size of message {@code index}: {@code info(index).size()}, without making the record. */
  default long size(int index) {
    return info(index).size();
  }

  /** The unique id of message {@code index}: {@code info(index).uidl()}, without making the record. */
  default String uidl(int index) {
    return info(index).uidl();
  }

  /** The sum of all sizes in the snapshot. */
  long totalSize();

  /**
   * Opens message {@code index} for reading its stored bytes, as they are (LF or CRLF line ends).
   * The caller closes the stream.
   *
   * @throws java.nio.file.NoSuchFileException or another IOException if it cannot be read, e.g.
   *     because another client removed it meanwhile
   */
  InputStream open(int index) throws IOException;

  /**
   * Applies the session's changes (RFC 1939 §6, the UPDATE state): removes the messages whose
   * index is set in {@code deleted}, and marks the others as seen. A message that is gone already
   * counts as removed. Call at most once; {@link #close()} is still needed afterwards.
   *
   * @throws IOException if the store broke in a way that says nothing about single messages
   */
  CommitResult commit(BitSet deleted) throws IOException;

  /** Releases the lock. Without a {@link #commit} before it, nothing is changed. Idempotent. */
  @Override
  void close();

  /**
   * What a commit did.
   *
   * @param removed messages removed (or found gone already)
   * @param notRemoved messages that were marked deleted but could not be removed
   */
  record CommitResult(int removed, int notRemoved) {
    /** Whether every marked message is gone. */
    public boolean complete() {
      return notRemoved == 0;
    }
  }
}
