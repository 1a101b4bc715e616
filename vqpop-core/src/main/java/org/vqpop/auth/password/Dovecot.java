package org.vqpop.auth.password;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Dovecot's {@code {SCHEME}hash} form, met when importing a Dovecot passdb. The crypt-based
 * schemes are stripped and the rest verified as a crypt string (Dovecot itself hands them to
 * crypt(3) or libsodium); plaintext and the old unsalted digests are refused, since a hash store
 * that holds them is not one we take over.
 */
final class Dovecot {

  /** Dovecot's names, which it matches without regard to case. */
  private static final Set<String> CRYPT_SCHEMES = Set.of(
      "ARGON2ID", "ARGON2I", "BLF-CRYPT", "SHA512-CRYPT", "SHA256-CRYPT", "MD5-CRYPT", "CRYPT");

  /** A stored string split into its optional Dovecot prefix and the crypt string. */
  record Unwrapped(String crypt, boolean prefixed) {}

  private Dovecot() {}

  /**
   * The crypt string inside {@code stored}: itself if it has no {@code {…}} prefix, the rest if
   * the prefix is a crypt scheme, empty for any other Dovecot scheme.
   */
  static Optional<Unwrapped> unwrap(String stored) {
    if (!stored.startsWith("{")) {
      return Optional.of(new Unwrapped(stored, false));
    }
    int close = stored.indexOf('}');
    if (close < 0) {
      return Optional.empty();
    }
    String scheme = stored.substring(1, close).toUpperCase(Locale.ROOT);
    if (!CRYPT_SCHEMES.contains(scheme)) {
      return Optional.empty();
    }
    return Optional.of(new Unwrapped(stored.substring(close + 1), true));
  }
}
