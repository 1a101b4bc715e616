package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.vqpop.auth.password.TestHashers.utf8;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recorded vectors, all of the password "pass" unless said otherwise, made on Debian 12 with
 * the tools named beside each, so these tests run even where the tools are not installed; {@link
 * ToolVectorsTest} makes fresh ones at test time.
 */
class VerifyVectorsTest {

  /** {@code mkpasswd -m md5crypt -S abcdefgh pass} (whois 5.5.17), also openssl passwd -1. */
  static final String MD5 = "$1$abcdefgh$1s0bv7.OjNizlrMAOIQD7.";
  /** {@code mkpasswd -m des -S ab pass}. */
  static final String DES = "abccBcrPOxnLU";
  /** {@code mkpasswd -m yescrypt pass} (libxcrypt 4.4.33). */
  static final String YESCRYPT =
      "$y$j9T$63A2FLJSIdzAjIN0SUtAv1$Lp7iOazV1tHoFABbOFzdlybU5hMBPUMWSeK9yirHz56";
  /** {@code mkpasswd -m bcrypt -R 5 pass}. */
  static final String BCRYPT_2B = "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja";
  /** {@code htpasswd -nbB -C 5 user pass} (apache2-utils 2.4.71). */
  static final String BCRYPT_2Y = "$2y$05$3ERlTaoyg6tBRiA8jzNUv.d20mtaepEj6z4Dd2LsSHUxR18B/Ra3y";
  /** {@code mkpasswd -m bcrypt-a pass}. */
  static final String BCRYPT_2A = "$2a$05$G7El2vcWZtUfIJDEnqQbv.TT9rovEYDp9c5Tjhj0uTnegFEr21nzm";
  /** {@code openssl passwd -6 -salt abc pass} (OpenSSL 3.0). */
  static final String SHA512 =
      "$6$abc$dCZAbKbeBK7T0hukxi7enUZp/94Lft5t19M7i5KuPRB7fbWvBRbIYAWY22u9tH90kN7HD..U6kgPLsfSP1Rl0/";
  /** {@code mkpasswd -m sha-512 -R 10000 -S saltsalt pass}. */
  static final String SHA512_ROUNDS = "$6$rounds=10000$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2b"
      + "euXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11";
  /** {@code openssl passwd -5 -salt abc pass}. */
  static final String SHA256 = "$5$abc$vfrH.CL30IAqQqJ.Ebg5ibCCqfC2cddUCFrNSsXZRQ2";
  /** {@code printf 'p\xc3\xa4ss\n' | mkpasswd -s -m sha-256 -S utf8salt}: password "päss". */
  static final String SHA256_UTF8 = "$5$utf8salt$u4Wh7ZC0man3OPOyc/cNDDmo7LgSBOj8Gtmpb87cD81";
  /** {@code openssl passwd -1 -salt '' pass}: an empty salt, which commons-codec refuses. */
  static final String MD5_EMPTY_SALT = "$1$$uqbusDeGY2YWqg.T2S1100";
  /** Python 3.11 {@code crypt.crypt('pass', '$6$$')}: an empty salt. */
  static final String SHA512_EMPTY_SALT = "$6$$XIC8hA3wwOrjQtPyqAVL.eATB9MjWMfjr4PBDB1dPvuiFxTZawLpzvF"
      + "xyWHdUsD2It1W3GpMlqAfcRAhpPwP4.";
  /** {@code echo -n pass | argon2 somesalt -id -t 2 -k 16 -p 1 -e} (argon2 20190702). */
  static final String ARGON2ID = Argon2HashTest.CLI_VECTOR;
  /** As above with {@code -i}. */
  static final String ARGON2I =
      "$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ$iX/BBvVc9ed6s6ZreB5v9HRaJNifEgmgnFIQ/gB/9h4";
  /** As above with {@code -d}. */
  static final String ARGON2D =
      "$argon2d$v=19$m=16,t=2,p=1$c29tZXNhbHQ$lqHkneeuEhFhgtwQ4eG6VjXnZmEgn7vZhh6/Vi92gJg";
  /** As above with {@code -id -v 10}: version 0x10. */
  static final String ARGON2ID_V16 =
      "$argon2id$v=16$m=16,t=2,p=1$c29tZXNhbHQ$zx9qojDJOL00YzXMRGlc7Y2C2j9dRaPBH9sJhBJeR4c";
  /** {@code echo -n pass | argon2 somesaltsomesalt -id -t 3 -k 64 -p 2 -l 16 -e}. */
  static final String ARGON2ID_SHORT_HASH =
      "$argon2id$v=19$m=64,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$+8xvKu3uqmeE7JwFsH+r1A";
  /** {@code mkpasswd -m gost-yescrypt pass}. */
  static final String GOST_YESCRYPT =
      "$gy$j9T$Ar2Ce9FJuImnYCO7g3ePF1$u0l7qWrbFPXuLzxbKuB/Khh0GwHnhhj1iz0e5B1QrQ4";
  /** {@code mkpasswd -m scrypt pass}. */
  static final String SCRYPT =
      "$7$CU..../....h/Y1HrMDSFgdnWd.gujjx/$n/shcDOcDG9jU8xFy7DwUjOJgVzEDyPY2u9wiS/IFE6";
  /** {@code mkpasswd -m sunmd5 pass}. */
  static final String SUNMD5 = "$md5,rounds=50593$3w8wijMZ$$whULWWaoguOEw92UcyvHZ/";
  /** {@code mkpasswd -m bsdicrypt pass}. */
  static final String BSDI = "_J9..Z.qZFhQbJSuBGk6";

  private final PasswordHasher hasher = TestHashers.cheap();

  @ParameterizedTest
  @ValueSource(strings = {
      MD5, DES, BCRYPT_2B, BCRYPT_2Y, BCRYPT_2A, SHA512, SHA512_ROUNDS, SHA256, ARGON2ID,
      ARGON2I, ARGON2D, ARGON2ID_V16, ARGON2ID_SHORT_HASH,
  })
  void javaSchemesMatchAndMismatch(String stored) {
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8("pasS"))).isEqualTo(Verification.MISMATCH);
    assertThat(hasher.verify(stored, utf8(""))).isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      YESCRYPT, GOST_YESCRYPT, SCRYPT, SUNMD5, BSDI, MD5_EMPTY_SALT, SHA512_EMPTY_SALT,
  })
  void libcryptSchemesMatchAndMismatch(String stored) {
    LibcryptTest.requireLibcrypt();
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8("pasS"))).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void utf8Password() {
    assertThat(hasher.verify(SHA256_UTF8, utf8("päss"))).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(SHA256_UTF8, utf8("pass"))).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void desCryptUsesOnlyEightCharacters() {
    String stored = "abJnggxhB/yWI"; // mkpasswd -m des -S ab password
    assertThat(hasher.verify(stored, utf8("password"))).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8("password and more"))).isEqualTo(Verification.MATCH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      // argon2: broken strings, and bounds that must fail before any allocation
      "$argon2id$ MALFORMED",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ MALFORMED",
      "$argon2id$v=19$m=2147483648,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg MALFORMED",
      "$argon2id$v=19$m=4194305,t=1,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg MALFORMED",
      "$argon2id$v=19$m=16,t=4294967295,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg MALFORMED",
      "$argon2id$v=19$m=16,t=2,p=1$c29t*XNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg MALFORMED",
      "$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ MALFORMED",
      "$argon2d$ MALFORMED",
      "$argon2x$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg UNSUPPORTED",
      // bcrypt
      "$2b$05$short MALFORMED",
      "$2b$03$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja MALFORMED",
      "$2b$32$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja MALFORMED",
      "$2b$5$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja MALFORMED",
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Ej MALFORMED",
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja1 MALFORMED",
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtav_0AZpDAaHLJVauG6uwE9Eja MALFORMED",
      // non-zero spare bits in the salt's last character: no bcrypt writes that
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoPoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja MALFORMED",
      // SHA-crypt
      "$6$abc MALFORMED",
      "$6$abc$short MALFORMED",
      "$5$abc$dCZAbKbeBK7T0hukxi7enUZp/94Lft5t19M7i5KuPRB7fbWvBRbIYAWY22u9tH90kN7HD..U6kgPLsfSP1Rl0/ MALFORMED",
      "$6$rounds=10$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      "$6$rounds=010000$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      "$6$rounds=abc$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      // past the maximum: both libraries would clamp to 999999999 rounds and spend half an hour
      "$6$rounds=99999999999$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      "$6$rounds=1000000000$saltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      "$6$saltsaltsaltsaltsalt$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2Zatt/095EeLXLvuXAU11 MALFORMED",
      // MD5-crypt
      "$1$ MALFORMED",
      "$1$abcdefgh$1s0bv7.OjNizlrMAOIQD7 MALFORMED",
      "$1$abcdefghij$1s0bv7.OjNizlrMAOIQD7. MALFORMED",
      // DES-like strings that are not 13 crypt characters are no hash at all
      "abccBcrPOxnL UNSUPPORTED",
      "abccBcrPOxnLU1 UNSUPPORTED",
      "!abccBcrPOxnLU UNSUPPORTED",
      "abccBcrPOxn!U UNSUPPORTED",
      "* UNSUPPORTED",
      "! UNSUPPORTED",
      "x UNSUPPORTED",
      "pass UNSUPPORTED",
      "$ UNSUPPORTED",
      "$$ UNSUPPORTED",
      "$nosuchscheme$abc$def UNSUPPORTED",
      // Dovecot
      "{PLAIN}pass UNSUPPORTED",
      "{CLEAR}pass UNSUPPORTED",
      "{SSHA}Zm9vYmFy UNSUPPORTED",
      "{SHA512-CRYPT UNSUPPORTED",
      "{SHA512-CRYPT}garbage MALFORMED",
      "{CRYPT}$nosuchscheme$abc$def MALFORMED",
      "{ARGON2ID}$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ MALFORMED",
  })
  void brokenStringsGiveAVerdictWithoutThrowing(String stored, Verification expected) {
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(expected);
  }

  @Test
  void emptyStoredHashIsUnsupported() {
    assertThat(hasher.verify("", utf8("pass"))).isEqualTo(Verification.UNSUPPORTED);
    assertThat(hasher.verify("", utf8(""))).isEqualTo(Verification.UNSUPPORTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "$y$j9T$", "$y$j9T$abc$short", "$y$$$", "$y$j9T$63A2FLJSIdzAjIN0SUtAv1$",
      "$y$j9T$63A2FLJSIdzAjIN0SUtAv1$Lp7iOazV1tHoFABbOFzdlybU5hMBPUMWSeK9yirHz5",
      "$gy$garbage", "$7$garbage$x", "$md5$", "$sha1$x$y",
  })
  void brokenLibcryptStringsAreMalformed(String stored) {
    LibcryptTest.requireLibcrypt();
    assertThat(hasher.verify(stored, utf8("pass"))).isEqualTo(Verification.MALFORMED);
  }

  @Test
  void hugeOrStrangeStringsDoNotThrow() {
    String huge = "$6$" + "a".repeat(1_000_000);
    String nonAscii = "$6$sält$fKXSkAG5pifRKJbIfgzD5kzAcbW.Ql.BEe2beuXZS9q5eT.z7KejkF8GGThlTzLkU2"
        + "Zatt/095EeLXLvuXAU11";
    for (String stored : new String[] {
        huge, "$argon2id$" + "$".repeat(100_000), nonAscii, "$y$\0$x", "{}", "{", "}",
        "$2b$05$" + "\u00e9".repeat(53), "$1$\n$x"}) {
      assertThatCode(() -> hasher.verify(stored, utf8("pass"))).doesNotThrowAnyException();
      assertThat(hasher.verify(stored, utf8("pass"))).isNotEqualTo(Verification.MATCH);
    }
  }
}
