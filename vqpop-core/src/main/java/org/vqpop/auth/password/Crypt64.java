package org.vqpop.auth.password;

/**
 * The crypt(3) alphabet {@code ./0-9A-Za-z} used for salts and hashes by DES, MD5, SHA and
 * yescrypt crypt. (bcrypt uses the same characters in another order; see {@link Bcrypt}.)
 */
final class Crypt64 {

  static final String ALPHABET =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Crypt64() {}

  static boolean isCrypt64(char c) {
    return (c >= '.' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  static boolean allCrypt64(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isCrypt64(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A salt of {@code length} characters, six random bits each. */
  static String randomSalt(RandomBytes random, int length) {
    byte[] bytes = new byte[length];
    random.fill(bytes);
    StringBuilder salt = new StringBuilder(length);
    for (byte b : bytes) {
      salt.append(ALPHABET.charAt(b & 0x3f));
    }
    return salt.toString();
  }
}
