package org.vqpop.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Constant-time comparisons and the APOP digest (RFC 1939 §7). */
final class Secrets {
  private Secrets() {}

  /** Whether {@code a} and {@code b} are equal, in time that depends only on their lengths. */
  static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /** The lowercase hex MD5 of the timestamp (angle brackets included) followed by the secret. */
  static String apopDigest(String timestamp, String secret) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  /** Whether {@code digestHex} (any case) is the APOP digest of {@code timestamp} and {@code secret}. */
  static boolean apopMatches(String timestamp, String secret, String digestHex) {
    byte[] expected = apopDigest(timestamp, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given = digestHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return equal(expected, given);
  }
}
