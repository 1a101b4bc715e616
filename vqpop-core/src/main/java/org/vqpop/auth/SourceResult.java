package org.vqpop.auth;

/**
 * What one source of the chain says about a login, as Dovecot's passdb results do; the chain goes
 * on to the next source on {@link Skip}, as the seed's chkpoppass went through its sources.
 */
public sealed interface SourceResult {

  /** Let in. */
  record Accept(LoginIdentity identity) implements SourceResult {}

  /** Stop here without letting in (a temporary failure, an expired account). */
  record Reject(AuthResult.Kind kind, String detail) implements SourceResult {
    /** The password check's turn did not come in time (too many at once). */
    static final Reject BUSY = new Reject(AuthResult.Kind.TEMPORARY, "too many password checks at once");
  }

  /**
   * Not decided here; try the next source.
   *
   * @param tried whether this source checked the credentials and they did not match (so a
   *     failure is a MISMATCH rather than an unknown user)
   */
  record Skip(boolean tried) implements SourceResult {
    static final Skip NOT_APPLICABLE = new Skip(false);
    static final Skip MISMATCH = new Skip(true);
  }
}
