package org.vqpop.pop3;

import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import org.vqpop.store.Mailbox;

/**
 * The lines of a LIST or UIDL listing ({@code n value}, RFC 1939 §5 "scan listing"), made one at
 * a time while the reply is written, skipping deleted messages.
 */
final class ScanLines implements Iterable<String> {
  private final Mailbox mailbox;
  private final BitSet deleted;
  private final IntFunction<String> value;

  /** {@code deleted} is copied: the listing shows the state of the moment it was asked for. */
  ScanLines(Mailbox mailbox, BitSet deleted, IntFunction<String> value) {
    this.mailbox = mailbox;
    this.deleted = (BitSet) deleted.clone();
    this.value = value;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next = deleted.nextClearBit(0);

      @Override
      public boolean hasNext() {
        return next < mailbox.count();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = next;
        next = deleted.nextClearBit(i + 1);
        return (i + 1) + " " + value.apply(i);
      }
    };
  }
}
