package org.vqpop.auth;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vqpop.auth.password.DecoyHash;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.Verification;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.ShadowFile;
import org.vqpop.auth.system.SystemAccount;

/**
 * The seed's third source, {@code /etc/passwd} (off unless configured): a system account's
 * password, verified against its {@code /etc/shadow} hash. Consulted only when the login is for
 * no virtual user and did not name a domain. The user's mail is {@code ~/Maildir}.
 *
 * <p>Accounts with uid 0 never log in this way, nor do locked ({@code !}, {@code *}) or expired
 * ones; a name that is not a plain account name (letters, digits, '.', '_', '-') is not looked up,
 * so nothing the client sends can match across the files' ':' fields.
 *
 * <p>A login it cannot check (no such account, uid 0, locked) costs the same: the files are read
 * and the password is checked against a {@link DecoyHash} modelled on the shadow hashes it has
 * verified, so that a failure does not tell which system accounts exist.
 */
final class SystemAccountSource implements AuthSource {
  private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final PasswdFile passwd;
  private final ShadowFile shadow;
  private final PasswordHasher hasher;
  private final InstantSource clock;
  private final DecoyHash decoy;

  SystemAccountSource(PasswdFile passwd, ShadowFile shadow, PasswordHasher hasher, InstantSource clock) {
    this.passwd = passwd;
    this.shadow = shadow;
    this.hasher = hasher;
    this.clock = clock;
    this.decoy = hasher.newDecoy();
  }

  @Override
  public Source source() {
    return Source.SYSTEM_ACCOUNT;
  }

  @Override
  public SourceResult check(Credentials credentials, Subject subject, Peer peer) {
    if (!(credentials instanceof Credentials.UserPass p)
        || !(subject instanceof Subject.NoVirtualUser n)
        || !n.accountsAllowed()
        || !ACCOUNT_NAME.matcher(n.name()).matches()) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    Optional<SystemAccount> account;
    Optional<ShadowFile.Entry> entry;
    try {
      account = passwd.lookup(n.name());
      entry = account.isPresent() ? shadow.lookup(n.name()) : Optional.empty();
    } catch (IOException e) {
      return new SourceResult.Reject(AuthResult.Kind.TEMPORARY, String.valueOf(e.getMessage()));
    }
    if (account.isEmpty() || entry.isEmpty() || account.get().uid() == 0) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    // A locked hash ("!…", "*") is no crypt string: it verifies as unsupported, never as a match.
    switch (hasher.verify(entry.get().hash(), p.password(), decoy)) {
      case MATCH -> {}
      case BUSY -> {
        return SourceResult.Reject.BUSY;
      }
      case UNSUPPORTED, MALFORMED -> {
        // A locked account: no check was made, so spend what one costs.
        return hasher.verifyDecoy(decoy, p.password()) == Verification.BUSY
            ? SourceResult.Reject.BUSY : SourceResult.Skip.MISMATCH;
      }
      case MISMATCH -> {
        return SourceResult.Skip.MISMATCH;
      }
    }
    long expire = entry.get().expireDay();
    if (expire >= 0 && clock.millis() / MILLIS_PER_DAY >= expire) {
      return new SourceResult.Reject(AuthResult.Kind.DISABLED, "account " + n.name() + " expired");
    }
    SystemAccount a = account.get();
    return new SourceResult.Accept(new LoginIdentity(null, a.name(), a.home(), a.home().resolve(Identities.MAILDIR),
        Source.SYSTEM_ACCOUNT, a));
  }

  /** The lookups and the check that a wrong password for an account would have cost. */
  @Override
  public boolean decoy(Credentials credentials, String name, boolean accountsAllowed) {
    if (!(credentials instanceof Credentials.UserPass p) || !accountsAllowed || !ACCOUNT_NAME.matcher(name).matches()) {
      return true; // check() would not have looked either
    }
    try {
      if (passwd.lookup(name).isPresent()) {
        shadow.lookup(name);
      }
    } catch (IOException e) {
      // The real check would have been a temporary failure; the decoy's time is what matters.
    }
    return hasher.verifyDecoy(decoy, p.password()) != Verification.BUSY;
  }
}
