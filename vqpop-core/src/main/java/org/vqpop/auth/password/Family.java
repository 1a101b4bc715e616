package org.vqpop.auth.password;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which code verifies a crypt string, judged from its prefix and shape alone; finer than {@link
 * PasswordScheme}, which only names what we create or let administrators choose.
 */
enum Family {
  ARGON2ID(PasswordScheme.ARGON2ID),
  ARGON2I(null),
  ARGON2D(null),
  BCRYPT(PasswordScheme.BCRYPT),
  SHA512_CRYPT(PasswordScheme.SHA512_CRYPT),
  SHA256_CRYPT(PasswordScheme.SHA256_CRYPT),
  MD5_CRYPT(PasswordScheme.MD5_CRYPT),
  DES_CRYPT(PasswordScheme.DES_CRYPT),
  YESCRYPT(PasswordScheme.YESCRYPT),
  /** Another scheme crypt(5) documents ({@code $gy$}, {@code $7$}, {@code $sha1$} ...). */
  LIBCRYPT_KNOWN(null),
  /** Some other {@code $id$}: libxcrypt may know it, or it is not a hash at all. */
  LIBCRYPT_OTHER(null),
  UNKNOWN(null);

  /** crypt(5) prefixes of libxcrypt 4.4 other than those we handle in Java. */
  private static final Set<String> LIBXCRYPT_IDS =
      Set.of("2x", "3", "7", "gy", "md5", "sha1", "sm3", "sm3y");

  private final @Nullable PasswordScheme scheme;

  Family(@Nullable PasswordScheme scheme) {
    this.scheme = scheme;
  }

  @Nullable PasswordScheme scheme() {
    return scheme;
  }

  static Family of(String crypt) {
    if (crypt.startsWith("$argon2id$")) {
      return ARGON2ID;
    } else if (crypt.startsWith("$argon2i$")) {
      return ARGON2I;
    } else if (crypt.startsWith("$argon2d$")) {
      return ARGON2D;
    } else if (crypt.startsWith("$2a$") || crypt.startsWith("$2b$") || crypt.startsWith("$2y$")) {
      return BCRYPT;
    } else if (crypt.startsWith("$6$")) {
      return SHA512_CRYPT;
    } else if (crypt.startsWith("$5$")) {
      return SHA256_CRYPT;
    } else if (crypt.startsWith("$1$")) {
      return MD5_CRYPT;
    } else if (crypt.startsWith("$y$")) {
      return YESCRYPT;
    } else if (crypt.length() == 13 && Crypt64.allCrypt64(crypt)) {
      return DES_CRYPT;
    } else if (crypt.length() == 20 && crypt.charAt(0) == '_'
        && Crypt64.allCrypt64(crypt.substring(1))) {
      return LIBCRYPT_KNOWN; // BSDI extended DES
    } else if (crypt.startsWith("$")) {
      int end = 1;
      while (end < crypt.length() && crypt.charAt(end) != '$' && crypt.charAt(end) != ',') {
        end++;
      }
      if (end == 1 || end == crypt.length()) {
        return UNKNOWN;
      }
      return LIBXCRYPT_IDS.contains(crypt.substring(1, end)) ? LIBCRYPT_KNOWN : LIBCRYPT_OTHER;
    }
    return UNKNOWN;
  }
}
