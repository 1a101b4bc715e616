package org.vqpop.lmtp;

import java.util.List;
import org.vqpop.delivery.Status;

/** What the session answers to one line; {@link LmtpWriter} is the only code that writes it. */
public sealed interface LmtpReply {

  /** What the connection does after writing the reply. */
  enum Action {
    NONE,
    /** Flush and close the connection (after QUIT, or a 421). */
    CLOSE
  }

  /** Nothing to write: a line of message data. */
  LmtpReply NOTHING = new Nothing();

  default Action after() {
    return Action.NONE;
  }

  /** One reply of one line. */
  record Single(Status status, Action after) implements LmtpReply {
    public Single(Status status) {
      this(status, Action.NONE);
    }
  }

  /**
   * The LHLO reply: {@code 250-NAME}, then one line per service extension, the last with {@code
   * 250 } (RFC 5321 §4.1.1.1). Without enhanced status codes (RFC 2034 §3).
   */
  record Extensions(String name, List<String> keywords) implements LmtpReply {
    public Extensions {
      keywords = List.copyOf(keywords);
    }
  }

  /**
   * The replies after the data's final dot: one per accepted recipient, in the order of their
   * RCPT commands (RFC 2033 §4.2). Never empty: DATA is refused without a recipient.
   */
  record PerRecipient(List<Status> statuses) implements LmtpReply {
    public PerRecipient {
      statuses = List.copyOf(statuses);
      if (statuses.isEmpty()) {
        throw new IllegalArgumentException("no recipient");
      }
    }
  }

  /** No reply. */
  record Nothing() implements LmtpReply {}
}
