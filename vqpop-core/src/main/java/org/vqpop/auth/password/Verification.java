package org.vqpop.auth.password;

/** What checking a password against a stored hash found. */
public enum Verification {
  /** The password is the one the hash was made from. */
  MATCH,
  /** A well-formed hash of some other password. */
  MISMATCH,
  /**
   * A format this system does not verify: unknown, plaintext or a non-crypt Dovecot scheme, or one
   * that needs libxcrypt when it is not installed.
   */
  UNSUPPORTED,
  /** The prefix names a known scheme but the rest of the string is broken or out of bounds. */
  MALFORMED,
  /**
   * Not checked: too many checks were running and this one's turn did not come in time (see
   * {@code PasswordHasher#withCheckLimit}); a temporary failure, not a wrong password.
   */
  BUSY
}
