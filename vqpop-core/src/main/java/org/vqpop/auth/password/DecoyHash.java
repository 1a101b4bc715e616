package org.vqpop.auth.password;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A stored hash to check a password against when a login has none: an unknown user or domain, a
 * user without a POP password, a name that is no system account. Checking the password against it
 * costs what a wrong password for a real user costs, so the time a failure takes does not tell
 * whether the user exists (the README promises that it does not).
 *
 * <p>The decoy is the last real stored hash its owner verified, so it follows the scheme and
 * parameters the users' hashes actually have (the configured scheme once {@code mkpopuser} and
 * rehashing have done their work), including a mix of schemes during a migration. Until a real
 * hash has been seen it is a hash of random bytes in argon2id at the hasher's costs, the default
 * scheme, made on first use. Its result is never a login: callers only spend the time. Keeping a
 * user's hash here reveals nothing: it is the hash read from that user's record a moment ago, and
 * only its cost is used. Thread-safe.
 */
public final class DecoyHash {
  private final Supplier<String> fallback;
  private volatile @Nullable String model;
  private volatile @Nullable String made;

  DecoyHash(Supplier<String> fallback) {
    this.fallback = fallback;
  }

  /** Remembers {@code storedHash} as the model if it was a hash that could be verified. */
  void saw(String storedHash, Verification v) {
    if (v == Verification.MATCH || v == Verification.MISMATCH) {
      model = storedHash;
    }
  }

  /** The hash to check against now. */
  String target() {
    String m = model;
    if (m != null) {
      return m;
    }
    String f = made;
    if (f == null) {
      // Two threads may both make one on the first decoy check; either is fine.
      f = fallback.get();
      made = f;
    }
    return f;
  }
}
