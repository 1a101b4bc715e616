package org.vqpop.auth.password;

/** Hashes with costs the public API does not offer, for tests in other packages. */
public final class TestCrypt {
  private TestCrypt() {}

  /** A SHA-512-crypt hash with {@code rounds} rounds and a fixed salt. */
  public static String sha512(long rounds, byte[] password) {
    return ClassicCrypt.hashSha(Family.SHA512_CRYPT, rounds, "saltsaltsaltsalt", password);
  }
}
