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
 */
public record LmtpSettings(String serverName, long maxMessageSize, int maxRecipients, int maxBadCommands) {

  public static final int DEFAULT_MAX_RECIPIENTS = 1000;

  public LmtpSettings {
    if (serverName.isBlank() || serverName.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      throw new IllegalArgumentException("server name must be printable ASCII without spaces");
    }
    if (maxMessageSize < 1 || maxRecipients < 1 || maxBadCommands < 1) {
      throw new IllegalArgumentException("LMTP limits must be positive");
    }
  }
}
