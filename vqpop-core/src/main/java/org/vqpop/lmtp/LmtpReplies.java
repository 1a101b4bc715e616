package org.vqpop.lmtp;

import org.vqpop.delivery.Status;

/**
 * Every status the LMTP engine sends, with its reply code and RFC 3463 enhanced code: kept in one
 * place so that wording and codes stay consistent, and no exception message or internal detail
 * can reach a client (the POP3 engine's {@code Replies} is the same). Texts that name an address
 * take it from the client's own command; anything the client wrote that is shown back goes
 * through {@link Envelope#printable}.
 */
public final class LmtpReplies {
  private LmtpReplies() {}

  // ---- Greeting, LHLO, closing (RFC 2034 §3: the greeting and LHLO reply carry no enhanced code)

  static Status greeting(String serverName) {
    return new Status(220, "", serverName + " LMTP vqpop ready");
  }

  static Status closing(String serverName) {
    return new Status(221, "2.0.0", serverName + " closing");
  }

  static final Status OK = new Status(250, "2.0.0", "OK");

  // ---- Sequence and syntax (RFC 5321 §4.2.4, §4.1.1; RFC 3463 X.5.x)

  static final Status SEND_LHLO_FIRST = new Status(503, "5.5.1", "send LHLO first");
  static final Status NESTED_MAIL = new Status(503, "5.5.1", "nested MAIL command");
  static final Status NEED_MAIL = new Status(503, "5.5.1", "need MAIL before RCPT");
  static final Status NEED_MAIL_AND_RCPT = new Status(503, "5.5.1", "need MAIL and RCPT before DATA");
  /** RFC 2033 §4.2: DATA fails with 503 when no RCPT succeeded, and then no per-recipient replies. */
  static final Status NO_VALID_RECIPIENTS = new Status(503, "5.5.1", "no valid recipients");
  static final Status NOT_LMTP = new Status(500, "5.5.1", "this is LMTP: say LHLO (RFC 2033 §4.1)");
  static final Status UNKNOWN = new Status(500, "5.5.1", "command not recognized");
  /** RFC 5321 §4.2.4: 500 includes "command line too long"; RFC 3463 X.5.2 is a syntax error. */
  static final Status LINE_TOO_LONG = new Status(500, "5.5.2", "line too long");
  static final Status BARE_LF_COMMAND = new Status(500, "5.5.2", "bare LF in a command; line ends must be CRLF");

  static final Status LHLO_SYNTAX = syntax("LHLO hostname");
  static final Status DATA_SYNTAX = syntax("DATA");
  static final Status RSET_SYNTAX = syntax("RSET");
  static final Status QUIT_SYNTAX = syntax("QUIT");
  static final Status VRFY_SYNTAX = syntax("VRFY address");
  static final String MAIL_USAGE = "syntax: MAIL FROM:<address> [parameters]";
  static final String RCPT_USAGE = "syntax: RCPT TO:<address> [parameters]";

  private static Status syntax(String usage) {
    return new Status(501, "5.5.4", "syntax: " + usage);
  }

  /** Known SMTP commands this server does not implement: 502, not 500 (RFC 5321 §4.2.4). */
  static Status notImplemented(String verb) {
    return new Status(502, "5.5.1", verb + " not implemented");
  }

  /**
   * RFC 5321 §4.5.1 lists VRFY among the commands every server implements, so 502 would be wrong;
   * §3.5.3 gives 252 to a server that does not verify.
   */
  static final Status CANNOT_VRFY = new Status(252, "2.0.0", "cannot VRFY; send RCPT to try the address");

  // ---- MAIL and RCPT (RFC 5321 §4.1.1.2-3, RFC 1870, RFC 6152)

  static Status senderOk(String sender) {
    return new Status(250, "2.1.0", "<" + sender + "> sender OK");
  }

  static Status recipientOk(String recipient) {
    return new Status(250, "2.1.5", "<" + recipient + "> recipient OK");
  }

  /** {@code usage} with what is wrong in brackets after it; 5.5.4 is invalid command arguments. */
  static Status usage(String usage, String problem) {
    return new Status(501, "5.5.4", problem.isEmpty() ? usage : usage + " (" + problem + ")");
  }

  /** A bad address: RFC 3463 5.1.7 for the sender, 5.1.3 for a recipient. */
  static Status badAddress(boolean sender, String problem) {
    return new Status(501, sender ? "5.1.7" : "5.1.3", problem);
  }

  /** RFC 6531 §3.7.4.1 gives this code for a non-ASCII address without SMTPUTF8. */
  static final Status NON_ASCII_ADDRESS =
      new Status(553, "5.6.7", "non-ASCII addresses need SMTPUTF8, which this server does not offer");

  static Status malformedParameter(String shown) {
    return new Status(501, "5.5.4", "malformed parameter " + shown);
  }

  static Status parameterTwice(String keyword) {
    return new Status(501, "5.5.4", "parameter " + keyword + " given twice");
  }

  static final Status SIZE_NOT_A_NUMBER = new Status(501, "5.5.4", "SIZE needs a number");
  static final Status BAD_BODY = new Status(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");

  /** RFC 1870 §6.1: 552 for a message over the fixed limit; not a client error. */
  static Status sizeExceeded(long max) {
    return new Status(552, "5.3.4", "message size exceeds fixed maximum message size (" + max + ")");
  }

  /** RFC 5321 §4.1.1.11: 555 for a parameter that is not recognized. */
  static Status parameterNotRecognized(String verb, String keyword) {
    return new Status(555, "5.5.4", verb + " parameter " + keyword + " not recognized");
  }

  /** A bare {@code <Postmaster>}: every mailbox here is in a virtual domain (RFC 5321 §4.5.1). */
  static Status givePostmasterDomain(String address) {
    return new Status(550, "5.1.1", "<" + address + "> give postmaster@domain");
  }

  /** RFC 5321 §4.5.3.1.8: the client sends the rest in another transaction. */
  static final Status TOO_MANY_RECIPIENTS = new Status(452, "4.5.3", "too many recipients");

  // ---- DATA (RFC 5321 §4.1.1.4, RFC 2033 §4.2)

  static final Status GO_AHEAD = new Status(354, "", "go ahead; end with <CRLF>.<CRLF>");

  static Status lineOver(int max) {
    return new Status(554, "5.6.0", "message has a line over " + max + " octets");
  }

  /** RFC 5321 §2.3.8: line ends are CRLF only. */
  static final Status BARE_LF_DATA = new Status(554, "5.6.0", "message has a bare LF; line ends must be CRLF");

  /** A problem with the data, as one recipient's reply: {@code <mailbox> } before its text. */
  static Status forRecipient(String mailbox, Status problem) {
    return new Status(problem.code(), problem.enhanced(), "<" + mailbox + "> " + problem.text());
  }

  static final Status TOO_BIG = new Status(552, "5.3.4", "message too big");
  static final Status NOT_KEPT = new Status(451, "4.3.0", "temporary failure, try again later");

  // ---- Closing with 421 (RFC 5321 §3.8)

  static final Status SESSION_CLOSED = new Status(421, "4.5.0", "session closed");

  static Status tooManyErrors(String serverName) {
    return new Status(421, "4.7.0", serverName + " too many errors, closing");
  }

  static Status idle(String serverName) {
    return new Status(421, "4.4.2", serverName + " idle too long, closing");
  }

  static Status dataBreach(String serverName, DataPace.Breach why) {
    String text = switch (why) {
      case TIMEOUT -> "data took too long";
      case TOO_SLOW -> "data too slow";
    };
    return new Status(421, "4.4.2", serverName + " " + text + ", closing");
  }

  static Status shuttingDown(String serverName) {
    return new Status(421, "4.3.2", serverName + " shutting down");
  }

  /** What the connection sends when the engine failed: nothing of the failure itself. */
  public static final Status INTERNAL_ERROR = new Status(421, "4.3.0", "internal error, closing");

  /** What a listener sends a client over the connection limit, before closing. */
  public static final Status TOO_MANY_CONNECTIONS = new Status(421, "4.3.2", "too many connections, try again later");
}
