package org.vqpop.lmtp;

import org.vqpop.delivery.Status;

/**
 * A parsed LMTP command line (RFC 2033, RFC 5321 §4.1: a case-insensitive verb, then its
 * arguments). {@link LmtpCommandParser} is the only code that reads a command line; the session
 * decides by its state what each command means. The lines of a message's data are not commands
 * and never come here.
 */
sealed interface LmtpCommand {

  /** {@code LHLO host} (RFC 2033 §4.1). */
  record Lhlo(String host) implements LmtpCommand {}

  /**
   * {@code MAIL FROM:<sender> [SIZE=n] [BODY=7BIT|8BITMIME]}, parameters checked.
   *
   * @param sender without brackets or source route; empty for the null sender {@code <>}
   * @param size the declared size (RFC 1870), 0 when not declared
   */
  record Mail(String sender, long size) implements LmtpCommand {}

  /**
   * {@code RCPT TO:<recipient>}, without parameters (none is offered).
   *
   * @param recipient without brackets or source route; {@code local@domain}, or a bare {@code
   *     Postmaster}
   */
  record Rcpt(String recipient) implements LmtpCommand {}

  /** {@code DATA}. */
  record Data() implements LmtpCommand {}

  /** {@code RSET}. */
  record Rset() implements LmtpCommand {}

  /** {@code NOOP}, with anything after it (RFC 5321 §4.1.1.9 allows a string). */
  record Noop() implements LmtpCommand {}

  /** {@code QUIT}. */
  record Quit() implements LmtpCommand {}

  /** {@code VRFY something}. */
  record Vrfy() implements LmtpCommand {}

  /** {@code HELO} or {@code EHLO}: SMTP's greetings, which an LMTP server must refuse. */
  record Helo() implements LmtpCommand {}

  /** An SMTP command this server knows but does not implement ({@code EXPN}, {@code BDAT} ...). */
  record NotImplemented(String verb) implements LmtpCommand {}

  /** A verb this server does not know. */
  record Unknown() implements LmtpCommand {}

  /** A command line longer than {@link LmtpSession#MAX_COMMAND_LINE}. */
  record TooLong() implements LmtpCommand {}

  /**
   * A known verb whose arguments are wrong.
   *
   * @param problem the reply, from {@link LmtpReplies}; the session may answer a sequence error
   *     instead, as the state is checked before the arguments
   */
  record Malformed(Verb verb, Status problem) implements LmtpCommand {}

  /** The verbs that take arguments, for {@link Malformed}. */
  enum Verb {
    LHLO,
    MAIL,
    RCPT,
    DATA,
    RSET,
    QUIT,
    VRFY
  }
}
