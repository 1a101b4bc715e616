package org.vqpop.pop3;

import org.jspecify.annotations.Nullable;
import org.vqpop.pop3.Pop3Command.Problem;
import org.vqpop.pop3.Pop3Reply.Action;
import org.vqpop.pop3.Pop3Reply.RespCode;
import org.vqpop.pop3.Pop3Reply.Status;

/**
 * Every text the server sends. Kept in one place so that wording is consistent and no exception
 * message or internal detail can reach a client.
 */
final class Replies {
  private Replies() {}

  static Status ok(String text) {
    return new Status(true, null, text, Action.NONE);
  }

  static Status err(String text) {
    return new Status(false, null, text, Action.NONE);
  }

  static Status err(RespCode code, String text) {
    return new Status(false, code, text, Action.NONE);
  }

  static Status closing(Status s) {
    return new Status(s.ok(), s.code(), s.text(), Action.CLOSE);
  }

  static Status greeting(@Nullable String apopTimestamp) {
    return ok(apopTimestamp == null ? "POP3 ready" : "POP3 ready " + apopTimestamp);
  }

  static final Status OK = ok("");
  static final Status USER_OK = ok("send PASS");
  static final Status BYE = closing(ok("bye"));
  static final Status CAPA = ok("capability list follows");
  static final Status STLS_GO = new Status(true, null, "begin TLS negotiation", Action.START_TLS);

  static final Status UNKNOWN = err("unknown command");
  static final Status WRONG_STATE = err("command not valid in this state");
  static final Status LINE_TOO_LONG = closing(err("command line too long, closing"));
  static final Status TOO_MANY_ERRORS = closing(err("too many errors, closing"));

  /**
   * The one text for every failed login: it must not tell a wrong password from an unknown user
   * (RFC 1939 §13 on probing for names).
   */
  static final Status LOGIN_FAILED = err(RespCode.AUTH, "authentication failed");
  static final Status PLAINTEXT_REFUSED =
      err(RespCode.AUTH, "plaintext authentication disallowed without TLS");
  static final Status PASS_WITHOUT_USER = err("send USER first");
  static final Status NO_APOP = err("APOP not available");
  static final Status AUTH_UNKNOWN_MECHANISM = err("unsupported authentication mechanism");
  static final Status AUTH_MALFORMED = err("malformed authentication response");
  static final Status AUTH_CANCELLED = err("authentication cancelled");
  static final Status AUTH_TEMP = err(RespCode.SYS_TEMP, "authentication temporarily unavailable");
  static final Status IN_USE = err(RespCode.IN_USE, "maildrop is in use by another session");
  static final Status MAILDROP_TEMP = err(RespCode.SYS_TEMP, "maildrop temporarily unavailable");
  static final Status MAILDROP_PERM = closing(err(RespCode.SYS_PERM, "maildrop unavailable"));

  static final Status STLS_ACTIVE = err("TLS already active");
  static final Status STLS_UNAVAILABLE = err("STLS not available");

  static final Status NO_SUCH_MESSAGE = err("no such message");
  static final Status MESSAGE_GONE = err("unable to read that message");
  static final Status QUIT_INCOMPLETE =
      closing(err(RespCode.SYS_TEMP, "some deleted messages not removed"));

  static Status maildrop(int count, long octets) {
    return ok("maildrop has " + count + " messages (" + octets + " octets)");
  }

  /** RFC 1939 §5: exactly "+OK count size", nothing after it. */
  static Status stat(int count, long octets) {
    return ok(count + " " + octets);
  }

  static String listingHeader(int count, long octets) {
    return count + " messages (" + octets + " octets)";
  }

  static Status scanListing(long msg, String value) {
    return ok(msg + " " + value);
  }

  static Status deleted(long msg) {
    return ok("message " + msg + " deleted");
  }

  static Status alreadyDeleted(long msg) {
    return err("message " + msg + " already deleted");
  }

  static String retrHeader(long octets) {
    return octets + " octets";
  }

  static final String TOP_HEADER = "top of message follows";

  static Status malformed(Problem problem) {
    return switch (problem) {
      case MISSING_ARGUMENT -> err("missing argument");
      case TOO_MANY_ARGUMENTS -> err("too many arguments");
      case NOT_A_NUMBER -> err("invalid number");
      case ZERO -> err("messages are counted from 1");
      case BAD_DIGEST -> err("digest must be 32 hex digits");
    };
  }
}
