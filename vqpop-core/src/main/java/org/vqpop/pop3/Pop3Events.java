package org.vqpop.pop3;

import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Method;
import org.vqpop.store.OpenResult;

/**
 * Hooks for logging and metrics; all default to doing nothing. Called on the session's thread,
 * so implementations should be quick. User names are as the client sent them (failure) or as the
 * backend returned them (success).
 */
public interface Pop3Events {

  /** Does nothing. */
  Pop3Events NONE = new Pop3Events() {};

  /** Why a session ended. */
  enum End {
    /** QUIT, and the UPDATE state (if any) removed everything marked. */
    QUIT,
    /** QUIT, but some marked messages could not be removed. */
    QUIT_INCOMPLETE,
    /** Closed by the server after too many bad commands. */
    TOO_MANY_ERRORS,
    /** Closed by the server after a command line over the limit (RFC 2449 §4: 255 octets). */
    LINE_TOO_LONG,
    /** Closed by the server because the maildrop cannot be opened for good. */
    MAILBOX_FAILED,
    /** The connection went away without QUIT; nothing was changed (RFC 1939 §6). */
    DROPPED
  }

  /** Logged in by {@code method}; the identity says who, and which source vouched. */
  default void loginSucceeded(AuthResult.Success login, Method method) {}

  /**
   * A login by {@code method} failed; {@code user} is the name as the client gave it, the failure
   * says why (its detail is for the log, never for the client).
   */
  default void loginFailed(String user, AuthResult.Failure failure, Method method) {}

  /** Authenticated, but the maildrop could not be opened ({@code InUse} or {@code Failed}). */
  default void mailboxNotOpened(String user, OpenResult result) {}

  /** RETR ({@code top < 0}) or TOP sent message {@code msg}, of {@code octets} RFC 1939 size. */
  default void retrieved(int msg, long octets, long top) {}

  default void deleted(int msg) {}

  /** RSET removed every deletion mark; without it a log cannot tell what QUIT will delete. */
  default void reset() {}

  default void sessionEnded(End end) {}
}
