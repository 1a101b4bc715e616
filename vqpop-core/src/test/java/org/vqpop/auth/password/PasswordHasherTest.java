package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vqpop.auth.password.TestHashers.utf8;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {

  private final PasswordHasher hasher = TestHashers.cheap();

  static Stream<PasswordScheme> hashingSchemes() {
    return Arrays.stream(PasswordScheme.values()).filter(PasswordScheme::canHash);
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void roundTrip(PasswordScheme scheme) {
    String stored = hasher.hash(scheme, utf8("correct horse battery staple"));
    assertThat(PasswordScheme.detect(stored)).contains(scheme);
    assertThat(hasher.verify(stored, utf8("correct horse battery staple")))
        .isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8("correct horse battery stapl")))
        .isEqualTo(Verification.MISMATCH);
    assertThat(hasher.verify(stored, utf8("Correct horse battery staple")))
        .isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void emptyPassword(PasswordScheme scheme) {
    String stored = hasher.hash(scheme, new byte[0]);
    assertThat(hasher.verify(stored, new byte[0])).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8(" "))).isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void nonAsciiUtf8Password(PasswordScheme scheme) {
    String stored = hasher.hash(scheme, utf8("pässwörd ✓ 🔑 пароль"));
    assertThat(hasher.verify(stored, utf8("pässwörd ✓ 🔑 пароль"))).isEqualTo(Verification.MATCH);
    // The same text in Latin-1 is other bytes, so another password.
    assertThat(hasher.verify(stored, "pässwörd".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
        .isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void saltsDiffer(PasswordScheme scheme) {
    assertThat(hasher.hash(scheme, utf8("same"))).isNotEqualTo(hasher.hash(scheme, utf8("same")));
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void leavesTheCallersArrayAlone(PasswordScheme scheme) {
    byte[] password = utf8("do not zero me");
    String stored = hasher.hash(scheme, password);
    hasher.verify(stored, password);
    assertThat(password).isEqualTo(utf8("do not zero me"));
  }

  @Test
  void classicCryptVerificationLeavesTheCallersArrayAlone() {
    // commons-codec's crypt functions zero the key they are given.
    for (String stored : new String[] {VerifyVectorsTest.MD5, VerifyVectorsTest.DES}) {
      byte[] password = utf8("pass");
      assertThat(hasher.verify(stored, password)).isEqualTo(Verification.MATCH);
      assertThat(password).isEqualTo(utf8("pass"));
    }
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void longPassword(PasswordScheme scheme) {
    byte[] password = new byte[scheme == PasswordScheme.YESCRYPT ? 511 : 1024];
    Arrays.fill(password, (byte) 'x');
    String stored = hasher.hash(scheme, password);
    assertThat(hasher.verify(stored, password)).isEqualTo(Verification.MATCH);
    byte[] other = password.clone();
    other[0] = 'y';
    assertThat(hasher.verify(stored, other)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void bcryptUsesOnlyTheFirst72Bytes() {
    byte[] password = new byte[100];
    Arrays.fill(password, (byte) 'a');
    String stored = hasher.hash(PasswordScheme.BCRYPT, password);
    byte[] sameStart = password.clone();
    sameStart[72] = 'b';
    byte[] first72 = Arrays.copyOf(password, 72);
    byte[] first71 = Arrays.copyOf(password, 71);
    assertThat(hasher.verify(stored, sameStart)).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, first72)).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, first71)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void libxcryptRefusesPasswordsOver511Bytes() {
    LibcryptTest.requireLibcrypt();
    byte[] tooLong = new byte[512];
    Arrays.fill(tooLong, (byte) 'x');
    assertThatThrownBy(() -> hasher.hash(PasswordScheme.YESCRYPT, tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("511 bytes");
    String stored = hasher.hash(PasswordScheme.YESCRYPT, Arrays.copyOf(tooLong, 511));
    assertThat(hasher.verify(stored, tooLong)).isEqualTo(Verification.MISMATCH);
    // Through the empty-salt fallback too: a mismatch, not a broken hash.
    assertThat(hasher.verify(VerifyVectorsTest.MD5_EMPTY_SALT, tooLong))
        .isEqualTo(Verification.MISMATCH);
  }

  @Test
  void argon2idHasNoLengthLimit() {
    byte[] password = new byte[100];
    Arrays.fill(password, (byte) 'a');
    String stored = hasher.hash(PasswordScheme.ARGON2ID, password);
    byte[] sameStart = password.clone();
    sameStart[99] = 'b';
    assertThat(hasher.verify(stored, sameStart)).isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @MethodSource("hashingSchemes")
  void nulBytePasswordsAreRefused(PasswordScheme scheme) {
    assertThatThrownBy(() -> hasher.hash(scheme, utf8("abc\0def")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc");
    String stored = hasher.hash(scheme, utf8("abc"));
    assertThat(hasher.verify(stored, utf8("abc\0def"))).isEqualTo(Verification.MISMATCH);
    assertThat(hasher.verify(stored, utf8("abc\0"))).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void desCryptNulIsAMismatchNotATruncation() {
    // C crypt would read "pass\0x" as "pass" and match.
    assertThat(hasher.verify(VerifyVectorsTest.DES, utf8("pass\0x")))
        .isEqualTo(Verification.MISMATCH);
  }

  @Test
  void verifyOnlySchemesCannotHash() {
    for (PasswordScheme scheme : new PasswordScheme[] {
        PasswordScheme.MD5_CRYPT, PasswordScheme.DES_CRYPT}) {
      assertThatThrownBy(() -> hasher.hash(scheme, utf8("secret")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(scheme.configName())
          .hasMessageContaining("argon2id, bcrypt, sha512-crypt, sha256-crypt")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void defaultsUseTheDocumentedCosts() {
    PasswordHasher defaults = PasswordHasher.defaults();
    String argon2 = defaults.hash(PasswordScheme.ARGON2ID, utf8("pw"));
    assertThat(argon2).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(Argon2Hash.parse(argon2).orElseThrow().salt()).hasSize(16);
    assertThat(Argon2Hash.parse(argon2).orElseThrow().hash()).hasSize(32);
    assertThat(defaults.verify(argon2, utf8("pw"))).isEqualTo(Verification.MATCH);
    String bcrypt = defaults.hash(PasswordScheme.BCRYPT, utf8("pw"));
    assertThat(bcrypt).startsWith("$2b$11$").hasSize(60);
    assertThat(defaults.verify(bcrypt, utf8("pw"))).isEqualTo(Verification.MATCH);
    assertThat(defaults.hash(PasswordScheme.SHA512_CRYPT, utf8("pw")))
        .matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
    assertThat(defaults.hash(PasswordScheme.SHA256_CRYPT, utf8("pw")))
        .matches("\\$5\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{43}");
  }

  @Test
  void yescryptDefaultIsDebiansJ9T() {
    LibcryptTest.requireLibcrypt();
    assertThat(PasswordHasher.defaults().hash(PasswordScheme.YESCRYPT, utf8("pw")))
        .matches("\\$y\\$j9T\\$[./0-9A-Za-z]{22}\\$[./0-9A-Za-z]{43}");
  }

  @Test
  void shaCryptWritesRoundsOnlyWhenNotTheDefault() {
    PasswordHasher more = new PasswordHasher(
        new PasswordHasher.Costs(64, 1, 1, 4, 10_000, 1), TestHashers.printableSalts(1),
        LibXCrypt.system());
    String stored = more.hash(PasswordScheme.SHA512_CRYPT, utf8("pw"));
    assertThat(stored).startsWith("$6$rounds=10000$");
    assertThat(more.verify(stored, utf8("pw"))).isEqualTo(Verification.MATCH);
  }

  @Test
  void costsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new PasswordHasher.Costs(7, 1, 1, 4, 5000, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Costs(4194305, 1, 1, 4, 5000, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Costs(64, 1, 1, 3, 5000, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher.Costs(64, 1, 1, 4, 999, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
