package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vqpop.auth.password.TestHashers.utf8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hashes as a Dovecot passdb holds them, {SCHEME} then the crypt string. */
class DovecotTest {

  private final PasswordHasher hasher = TestHashers.cheap();

  @ParameterizedTest
  @ValueSource(strings = {
      "{ARGON2ID}" + VerifyVectorsTest.ARGON2ID,
      "{ARGON2I}" + VerifyVectorsTest.ARGON2I,
      "{BLF-CRYPT}" + VerifyVectorsTest.BCRYPT_2Y,
      "{SHA512-CRYPT}" + VerifyVectorsTest.SHA512,
      "{SHA512-CRYPT}" + VerifyVectorsTest.SHA512_ROUNDS,
      "{SHA256-CRYPT}" + VerifyVectorsTest.SHA256,
      "{MD5-CRYPT}" + VerifyVectorsTest.MD5,
      "{CRYPT}" + VerifyVectorsTest.DES,
      "{crypt}" + VerifyVectorsTest.DES,
      "{Sha512-Crypt}" + VerifyVectorsTest.SHA512,
      // Dovecot hands CRYPT to crypt(3), which takes any scheme it knows
      "{CRYPT}" + VerifyVectorsTest.SHA512,
  })
  void cryptSchemesAreStrippedAndVerified(String stored) {
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8("wrong"))).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void yescryptUnderCrypt() {
    LibcryptTest.requireLibcrypt();
    assertThat(hasher.verify("{CRYPT}" + VerifyVectorsTest.YESCRYPT, utf8("pass")))
        .isEqualTo(Verification.MATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{PLAIN}pass", "{CLEARTEXT}pass", "{PLAIN-TRUNC}4-pass", "{SHA}nU4eI71bcnBGqeO0t9tXvY1u5oQ=",
      "{SSHA256}abcd", "{PBKDF2}$1$abc$1000$def", "{CRAM-MD5}abc", "{MD5}" + VerifyVectorsTest.MD5,
      "{}" + VerifyVectorsTest.MD5, "{MD5-CRYPT" + VerifyVectorsTest.MD5,
  })
  void otherSchemesAreUnsupported(String stored) {
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(Verification.UNSUPPORTED);
  }

  @Test
  void aCryptPrefixBeforeNoCryptStringIsMalformed() {
    assertThat(hasher.verify("{SHA512-CRYPT}", utf8("pass"))).isEqualTo(Verification.MALFORMED);
    assertThat(hasher.verify("{CRYPT}pass", utf8("pass"))).isEqualTo(Verification.MALFORMED);
  }
}
