package org.vqpop.auth.password;

import java.util.Base64;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through Bouncy Castle: {@code $2b$CC$} then 22 characters of salt and 31 of hash.
 *
 * <p>bcrypt uses only the first 72 bytes of a password; Bouncy Castle, OpenBSD, libxcrypt and
 * htpasswd all cut there silently, and so do we, so that imported hashes keep verifying. Two
 * passwords that share their first 72 bytes therefore match each other's bcrypt hash; argon2id,
 * the default, has no such limit.
 */
final class Bcrypt {

  /** Versions Bouncy Castle computes; {@code $2x$} (the old sign-extension bug) goes to libcrypt. */
  private static final Pattern FORMAT =
      Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}");

  private static final String BCRYPT_ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE64_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** {@code $2b$CC$} and the salt. */
  private static final int SETTING_LENGTH = 29;

  static final int MIN_COST = 4;
  static final int MAX_COST = 31;

  private Bcrypt() {}

  static Verification verify(String stored, byte[] password) {
    Matcher m = FORMAT.matcher(stored);
    if (!m.matches()) {
      return Verification.MALFORMED;
    }
    int cost = Integer.parseInt(m.group(2));
    if (cost < MIN_COST || cost > MAX_COST) {
      return Verification.MALFORMED;
    }
    byte[] salt = decodeSalt(m.group(3));
    String computed = OpenBSDBCrypt.generate(m.group(1), password, salt, cost);
    return Passwords.judgeCrypt(stored, computed, SETTING_LENGTH);
  }

  static String hash(int cost, byte[] salt, byte[] password) {
    return OpenBSDBCrypt.generate("2b", password, salt, cost);
  }

  /** The cost of a well-formed bcrypt string. */
  static OptionalInt cost(String stored) {
    Matcher m = FORMAT.matcher(stored);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
  }

  /**
   * bcrypt's base64 has the usual bit order with its own alphabet, so translating the characters
   * lets the JDK decoder do the work. 22 characters carry 16 bytes and 4 spare bits; a salt with
   * non-zero spare bits comes back re-encoded differently, which {@link Passwords#judgeCrypt}
   * reports as malformed, as libxcrypt would never produce it.
   */
  private static byte[] decodeSalt(String salt) {
    char[] translated = new char[salt.length()];
    for (int i = 0; i < salt.length(); i++) {
      translated[i] = BASE64_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(salt.charAt(i)));
    }
    return Base64.getDecoder().decode(new String(translated));
  }
}
