package org.vqpop.auth.password;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.jspecify.annotations.Nullable;

/**
 * MD5-crypt, SHA-256-crypt, SHA-512-crypt and traditional DES crypt through commons-codec.
 * commons-codec refuses a few settings glibc accepts (an empty salt, as in {@code openssl passwd
 * -1 -salt ''}); those are handed to libxcrypt when it is present.
 */
final class ClassicCrypt {

  /** crypt(5): rounds= defaults to 5000 and is clamped to 1000..999999999. */
  static final long DEFAULT_SHA_ROUNDS = 5000;
  static final long MIN_SHA_ROUNDS = 1000;
  static final long MAX_SHA_ROUNDS = 999_999_999;

  private static final Pattern SHA_ROUNDS = Pattern.compile("\\$[56]\\$rounds=([^$]*)\\$.*");

  private ClassicCrypt() {}

  static Verification verify(Family family, String stored, byte[] password,
      Optional<LibXCrypt> libcrypt) {
    if ((family == Family.SHA256_CRYPT || family == Family.SHA512_CRYPT)
        && shaRounds(stored).isEmpty()) {
      // Checked first: both libraries clamp rounds=N into range and then compute, which for an
      // N past the maximum means 999999999 rounds, half an hour, for a string that cannot match.
      return Verification.MALFORMED;
    }
    String computed;
    try {
      computed = compute(family, stored, password);
    } catch (IllegalArgumentException e) {
      // commons-codec's salt check; libxcrypt is the reference, so it gets the last word.
      return libcrypt.isPresent()
          ? libcrypt.get().verify(stored, password)
          : Verification.MALFORMED;
    }
    return Passwords.judgeCrypt(stored, computed);
  }

  /** A SHA-crypt hash; rounds=N is written only when N is not the implied 5000, as tools do. */
  static String hashSha(Family family, long rounds, String salt, byte[] password) {
    String setting = (family == Family.SHA512_CRYPT ? "$6$" : "$5$")
        + (rounds == DEFAULT_SHA_ROUNDS ? "" : "rounds=" + rounds + "$") + salt;
    return compute(family, setting, password);
  }

  /**
   * The rounds of a SHA-crypt string, 5000 when not written; empty if the number is not a plain
   * decimal within crypt(5)'s 1000..999999999, which glibc would have written clamped.
   */
  static OptionalLong shaRounds(String stored) {
    Matcher m = SHA_ROUNDS.matcher(stored);
    if (!m.matches()) {
      return OptionalLong.of(DEFAULT_SHA_ROUNDS);
    }
    String digits = m.group(1);
    if (digits.isEmpty() || digits.length() > 9 || digits.charAt(0) == '0'
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long rounds = Long.parseLong(digits);
    return rounds < MIN_SHA_ROUNDS ? OptionalLong.empty() : OptionalLong.of(rounds);
  }

  /**
   * commons-codec's SHA- and MD5-crypt zero the key array they are given, which would wipe the
   * caller's password before a second use, so they get a copy, which is zeroed here in any case.
   */
  private static @Nullable String compute(Family family, String setting, byte[] password) {
    byte[] key = password.clone();
    try {
      return switch (family) {
        case MD5_CRYPT -> Md5Crypt.md5Crypt(key, setting);
        case SHA256_CRYPT -> Sha2Crypt.sha256Crypt(key, setting);
        case SHA512_CRYPT -> Sha2Crypt.sha512Crypt(key, setting);
        case DES_CRYPT -> UnixCrypt.crypt(key, setting);
        default -> throw new IllegalStateException("not a classic crypt family: " + family);
      };
    } finally {
      Passwords.zero(key);
    }
  }
}
