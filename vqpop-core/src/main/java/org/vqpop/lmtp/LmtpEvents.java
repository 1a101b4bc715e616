package org.vqpop.lmtp;

import org.jspecify.annotations.Nullable;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.Status;

/**
 * Hooks for logging and metrics, one call per recipient; all default to doing nothing. Called on
 * the session's thread, so implementations should be quick and must not throw. Addresses are as
 * the client wrote them, without angle brackets; the sender is empty for a bounce.
 */
public interface LmtpEvents {

  /** Does nothing. */
  LmtpEvents NONE = new LmtpEvents() {};

  /**
   * A RCPT command was refused for its address (unknown, not here, mailbox full, too many
   * recipients, temporary failure); {@code detail} is for the log, never the client.
   */
  default void recipientRefused(String sender, String recipient, Status status, @Nullable String detail) {}

  /**
   * The outcome for one accepted recipient after the data: delivered (with the file's name) or
   * not. {@code size} is the message's size as received, with LF line ends.
   */
  default void delivered(String sender, String recipient, long size, DeliveryAgent.Outcome outcome) {}
}
