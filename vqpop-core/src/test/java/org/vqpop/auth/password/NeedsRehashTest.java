package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vqpop.auth.password.TestHashers.utf8;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NeedsRehashTest {

  /** argon2id m=64 t=2, bcrypt cost 5, SHA-crypt 5000 rounds, yescrypt cost 1. */
  private final PasswordHasher hasher = new PasswordHasher(
      new PasswordHasher.Costs(64, 2, 1, 5, 5000, 1), new SecureRandom()::nextBytes,
      LibXCrypt.system());

  private static final String B64_16 = "c29tZXNhbHRzb21lc2FsdA"; // 16 bytes
  private static final String B64_32 = "mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg"; // 32 bytes

  @Test
  void ownFreshHashesAreCurrent() {
    for (PasswordScheme scheme : new PasswordScheme[] {PasswordScheme.ARGON2ID,
        PasswordScheme.BCRYPT, PasswordScheme.SHA512_CRYPT, PasswordScheme.SHA256_CRYPT}) {
      assertThat(hasher.needsRehash(hasher.hash(scheme, utf8("pw")), scheme)).isFalse();
    }
  }

  @Test
  void otherSchemeNeedsRehash() {
    String bcrypt = hasher.hash(PasswordScheme.BCRYPT, utf8("pw"));
    assertThat(hasher.needsRehash(bcrypt, PasswordScheme.ARGON2ID)).isTrue();
    assertThat(hasher.needsRehash(VerifyVectorsTest.MD5, PasswordScheme.ARGON2ID)).isTrue();
    assertThat(hasher.needsRehash(VerifyVectorsTest.DES, PasswordScheme.BCRYPT)).isTrue();
    assertThat(hasher.needsRehash(VerifyVectorsTest.ARGON2I, PasswordScheme.ARGON2ID)).isTrue();
    assertThat(hasher.needsRehash(VerifyVectorsTest.SHA512, PasswordScheme.SHA256_CRYPT))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "$argon2id$v=19$m=64,t=2,p=1$" + B64_16 + "$" + B64_32 + " false",
      "$argon2id$v=19$m=65536,t=3,p=4$" + B64_16 + "$" + B64_32 + " false",
      "$argon2id$v=19$m=64,t=2,p=9$" + B64_16 + "$" + B64_32 + " true",   // m < 8p: malformed
      "$argon2id$v=19$m=63,t=2,p=1$" + B64_16 + "$" + B64_32 + " true",
      "$argon2id$v=19$m=64,t=1,p=1$" + B64_16 + "$" + B64_32 + " true",
      "$argon2id$v=16$m=64,t=2,p=1$" + B64_16 + "$" + B64_32 + " true",
      "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$" + B64_32 + " true",        // 8-byte salt
      "$argon2id$v=19$m=64,t=2,p=1$" + B64_16 + "$c29tZXNhbHRzb21lc2FsdA true", // 16-byte hash
      "$argon2id$broken true",
      "{ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$" + B64_16 + "$" + B64_32 + " false",
  })
  void argon2idParameters(String stored, boolean expected) {
    assertThat(hasher.needsRehash(stored, PasswordScheme.ARGON2ID)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "$2b$04$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja true",
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja false",
      "$2y$12$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja false",
      "$2b$05$short true",
  })
  void bcryptCost(String stored, boolean expected) {
    assertThat(hasher.needsRehash(stored, PasswordScheme.BCRYPT)).isEqualTo(expected);
  }

  @Test
  void shaCryptRounds() {
    assertThat(hasher.needsRehash(VerifyVectorsTest.SHA512, PasswordScheme.SHA512_CRYPT))
        .isFalse();
    assertThat(hasher.needsRehash(VerifyVectorsTest.SHA512_ROUNDS, PasswordScheme.SHA512_CRYPT))
        .isFalse();
    assertThat(hasher.needsRehash("$6$rounds=1000$abc$x", PasswordScheme.SHA512_CRYPT)).isTrue();
    assertThat(hasher.needsRehash("$6$rounds=99999999999$abc$x", PasswordScheme.SHA512_CRYPT))
        .isTrue();
    PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Costs(64, 2, 1, 5, 10_000, 1),
        new SecureRandom()::nextBytes, LibXCrypt.system());
    assertThat(stronger.needsRehash(VerifyVectorsTest.SHA512, PasswordScheme.SHA512_CRYPT))
        .isTrue();
    assertThat(stronger.needsRehash(VerifyVectorsTest.SHA512_ROUNDS, PasswordScheme.SHA512_CRYPT))
        .isFalse();
  }

  @Test
  void yescryptParametersOtherThanOursNeedRehash() {
    LibcryptTest.requireLibcrypt();
    String own = hasher.hash(PasswordScheme.YESCRYPT, utf8("pw"));
    assertThat(hasher.needsRehash(own, PasswordScheme.YESCRYPT)).isFalse();
    // Debian's j9T is cost 5, not this hasher's cost 1.
    assertThat(hasher.needsRehash(VerifyVectorsTest.YESCRYPT, PasswordScheme.YESCRYPT)).isTrue();
    assertThat(PasswordHasher.defaults()
        .needsRehash(VerifyVectorsTest.YESCRYPT, PasswordScheme.YESCRYPT)).isFalse();
  }

  @Test
  void unusableStoredStringsNeedRehash() {
    assertThat(hasher.needsRehash("{PLAIN}pw", PasswordScheme.ARGON2ID)).isTrue();
    assertThat(hasher.needsRehash("", PasswordScheme.ARGON2ID)).isTrue();
    assertThat(hasher.needsRehash("*", PasswordScheme.BCRYPT)).isTrue();
  }

  @Test
  void wantedSchemeMustBeOneThatHashes() {
    assertThatThrownBy(() -> hasher.needsRehash(VerifyVectorsTest.MD5, PasswordScheme.MD5_CRYPT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("md5-crypt");
  }
}
