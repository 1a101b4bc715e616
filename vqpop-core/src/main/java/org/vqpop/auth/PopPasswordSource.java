package org.vqpop.auth;

import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.Verification;

/** The seed's second source: the POP password, against the hash in the user's record. */
final class PopPasswordSource implements AuthSource {
  private final PasswordHasher hasher;

  PopPasswordSource(PasswordHasher hasher) {
    this.hasher = hasher;
  }

  @Override
  public Method method() {
    return Method.POP_PASSWORD;
  }

  @Override
  public SourceResult check(Credentials credentials, Subject subject, Peer peer) {
    if (!(credentials instanceof Credentials.UserPass p)
        || !(subject instanceof Subject.VirtualUser v)
        || v.user().passwordHash().isEmpty()) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    // An unsupported or malformed stored hash matches no password.
    return hasher.verify(v.user().passwordHash(), p.password()) == Verification.MATCH
        ? new SourceResult.Accept(Identities.virtual(v, Method.POP_PASSWORD))
        : SourceResult.Skip.MISMATCH;
  }
}
