package org.vqpop.auth;

/** The outcome of checking {@link Credentials}. */
public sealed interface AuthResult {

  /**
   * Logged in.
   *
   * @param identity who logged in, what vouched for them, and where their mail is; the protocol
   *     engine only hands it back to its backend to open the mailbox
   */
  record Success(LoginIdentity identity) implements AuthResult {
    /** The canonical name ({@code user@domain}, or a system account's name), for logs and events. */
    public String user() {
      return identity.canonicalName();
    }
  }

  /**
   * Not logged in. The client is never told which kind (RFC 1939 §13).
   *
   * @param detail why, for the log only (never for the client); may be empty
   */
  record Failure(Kind kind, String detail) implements AuthResult {
    public Failure(Kind kind) {
      this(kind, "");
    }
  }

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
