package org.vqpop.auth;

/** The outcome of checking {@link Credentials}. */
public sealed interface AuthResult {

  /**
   * Logged in.
   *
   * @param user the canonical name (e.g. {@code user@domain}), for logs and events
   * @param principal whatever the backend needs later to open this user's mailbox; opaque to the
   *     protocol engine, which only hands it back
   */
  record Success(String user, Object principal) implements AuthResult {}

  /** Not logged in. The client is never told which kind (RFC 1939 §13). */
  record Failure(Kind kind) implements AuthResult {}

  /** Why a login failed; for logs, metrics and the choice between [AUTH] and [SYS/TEMP]. */
  enum Kind {
    /** Wrong password or digest. */
    MISMATCH,
    /** No such user. */
    UNKNOWN_USER,
    /** The account exists but may not log in (disabled, or this method is not allowed). */
    DISABLED,
    /**
     * SASL PLAIN: the authorization identity is neither empty nor the authentication identity,
     * and acting as another user is not supported (RFC 4616 §2).
     */
    AUTHZ_DENIED,
    /** The backend could not decide now (database down, ...); RFC 3206 {@code [SYS/TEMP]}. */
    TEMPORARY
  }
}
