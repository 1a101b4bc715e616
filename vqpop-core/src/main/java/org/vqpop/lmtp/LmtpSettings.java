package org.vqpop.lmtp;

/**
 * The limits and names of an LMTP session.
 *
 * @param serverName the name in the greeting and the LHLO reply
 * @param maxMessageSize the largest message accepted, in octets; announced as {@code SIZE}
 * @param maxRecipients accepted recipients per transaction; more get {@code 452 4.5.3} and the
 *     client sends them in another transaction (RFC 5321 §4.5.3.1.8 asks for at least 100)
 * @param maxBadCommands unknown, misplaced or malformed commands before the session answers
 *     {@code 421} and closes
 * @param data how long the data of one message may take, and how slowly it may come ({@link
 *     DataPace}); past either the session answers {@code 421 4.4.2} and delivers nothing
 * @param receivedHeader whether each delivered copy gets a {@code Received:} trace field (RFC 5321
 *     §4.4)
 */
public record LmtpSettings(String serverName, long maxMessageSize, int maxRecipients, int maxBadCommands,
    DataPace.Limits data, boolean receivedHeader) {

  public static final int DEFAULT_MAX_RECIPIENTS = 1000;

  /** With the default data limits and a {@code Received:} field. */
  public LmtpSettings(String serverName, long maxMessageSize, int maxRecipients, int maxBadCommands) {
    this(serverName, maxMessageSize, maxRecipients, maxBadCommands, DataPace.Limits.DEFAULTS, true);
  }

  public LmtpSettings {
    if (serverName.isBlank() || serverName.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      throw new IllegalArgumentException("server name must be printable ASCII without spaces");
    }
    if (maxMessageSize < 1 || maxRecipients < 1 || maxBadCommands < 1) {
      throw new IllegalArgumentException("LMTP limits must be positive");
    }
  }
}
