package org.vqpop.auth;

import org.vqpop.auth.password.DecoyHash;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.Verification;

/**
 * The seed's second source: the POP password, against the hash in the user's record. A login it
 * cannot check (no such user, no POP password) is checked against a {@link DecoyHash} by the
 * chain, so it costs what a wrong password costs.
 */
final class PopPasswordSource implements AuthSource {
  private final PasswordHasher hasher;
  private final DecoyHash decoy;

  PopPasswordSource(PasswordHasher hasher) {
    this.hasher = hasher;
    this.decoy = hasher.newDecoy();
  }

  @Override
  public Source source() {
    return Source.POP_PASSWORD;
  }

  @Override
  public SourceResult check(Credentials credentials, Subject subject, Peer peer) {
    if (!(credentials instanceof Credentials.UserPass p)
        || !(subject instanceof Subject.VirtualUser v)
        || v.user().passwordHash().isEmpty()) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    // An unsupported or malformed stored hash matches no password.
    return switch (hasher.verify(v.user().passwordHash(), p.password(), decoy)) {
      case MATCH -> new SourceResult.Accept(Identities.virtual(v, Source.POP_PASSWORD));
      case BUSY -> SourceResult.Reject.BUSY;
      case MISMATCH -> SourceResult.Skip.MISMATCH;
      // Nothing was computed (a {PLAIN} or broken hash): spend what a check costs.
      case UNSUPPORTED, MALFORMED -> hasher.verifyDecoy(decoy, p.password()) == Verification.BUSY
          ? SourceResult.Reject.BUSY : SourceResult.Skip.MISMATCH;
    };
  }

  @Override
  public boolean decoy(Credentials credentials, String name, boolean accountsAllowed) {
    return !(credentials instanceof Credentials.UserPass p)
        || hasher.verifyDecoy(decoy, p.password()) != Verification.BUSY;
  }
}
