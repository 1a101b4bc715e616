package org.vqpop.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The seed's first source: the APOP secret of the user's record. An APOP login must carry the
 * digest of the greeting's timestamp and the secret; a USER/PASS login may give the secret itself
 * as its password, as the seed allowed.
 */
final class ApopSecretSource implements AuthSource {
  @Override
  public Source source() {
    return Source.APOP_SECRET;
  }

  @Override
  public SourceResult check(Credentials credentials, Subject subject, Peer peer) {
    if (!(subject instanceof Subject.VirtualUser v) || v.user().apopSecret().isEmpty()) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    String secret = v.user().apopSecret();
    boolean ok = switch (credentials) {
      case Credentials.Apop a -> Secrets.apopMatches(a.timestampBanner(), secret, a.digestHex());
      case Credentials.UserPass p -> {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        boolean eq = Secrets.equal(s, p.password());
        Arrays.fill(s, (byte) 0);
        yield eq;
      }
    };
    return ok ? new SourceResult.Accept(Identities.virtual(v, Source.APOP_SECRET)) : SourceResult.Skip.MISMATCH;
  }

  /** The digest or comparison a user with a secret would have cost: cheap, but not nothing. */
  @Override
  public boolean decoy(Credentials credentials, String name, boolean accountsAllowed) {
    switch (credentials) {
      case Credentials.Apop a -> Secrets.apopMatches(a.timestampBanner(), DECOY_SECRET, a.digestHex());
      case Credentials.UserPass p -> Secrets.equal(DECOY_SECRET.getBytes(StandardCharsets.UTF_8), p.password());
    }
    return true;
  }

  private static final String DECOY_SECRET = "no secret, a decoy";
}
