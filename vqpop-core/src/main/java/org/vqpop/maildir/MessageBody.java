package org.vqpop.maildir;

import java.io.IOException;
import java.io.OutputStream;

/** The bytes of one message as they are to be stored, and their two sizes, known in advance. */
public interface MessageBody {

  /** The number of octets {@link #writeTo} writes: Maildir++'s {@code ,S=}. */
  long storedSize();

  /** The RFC 1939 size of those octets ({@link org.vqpop.wire.MessageSize}): Maildir++'s {@code ,W=}. */
  long crlfSize();

  /** Writes the message; may be called more than once (once per recipient). */
  void writeTo(OutputStream out) throws IOException;
}
