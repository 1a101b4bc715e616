package org.vqpop.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the schemes. */
final class Passwords {

  private Passwords() {}

  /**
   * C's crypt(3) stops at the first NUL, so "abc\0x" would match a hash of "abc" in every tool
   * built on it; we refuse such passwords instead of silently shortening them.
   */
  static boolean containsNul(byte[] password) {
    for (byte b : password) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  /** Constant-time equality of two ASCII strings, so timing does not leak the stored hash. */
  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Judges a crypt(3)-style recomputation: {@code computed} is crypt(password, stored). A library
   * that could not use the setting returns null or a string starting with {@code *}; one that
   * normalised it (clamped rounds, cut a long salt) returns a different setting or length. Both
   * mean the stored string could never have come out of crypt, so it is malformed, not a
   * mismatch.
   */
  static Verification judgeCrypt(String stored, @Nullable String computed) {
    return judgeCrypt(stored, computed, setting(stored).length());
  }

  /** As above, for formats (bcrypt) whose setting is not ended by a '$'. */
  static Verification judgeCrypt(String stored, @Nullable String computed, int settingLength) {
    if (computed == null || computed.startsWith("*")) {
      return Verification.MALFORMED;
    }
    if (computed.length() != stored.length()
        || !computed.regionMatches(0, stored, 0, settingLength)) {
      return Verification.MALFORMED;
    }
    return constantTimeEquals(computed, stored) ? Verification.MATCH : Verification.MISMATCH;
  }

  /** Everything before the hash: up to the last '$', or DES's two salt characters. */
  private static String setting(String crypt) {
    int dollar = crypt.lastIndexOf('$');
    if (dollar >= 0) {
      return crypt.substring(0, dollar + 1);
    }
    return crypt.length() >= 2 ? crypt.substring(0, 2) : crypt;
  }

  static void zero(byte @Nullable [] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
