package org.vqpop.auth.password;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The password hash schemes an administrator can name in configuration, and that {@link
 * PasswordScheme#detect} recognises in a stored hash. {@link PasswordHasher} verifies more than
 * these (argon2i, argon2d and whatever libxcrypt knows), but creates only those whose {@link
 * #canHash()} is true.
 */
public enum PasswordScheme {
  ARGON2ID("argon2id", true),
  BCRYPT("bcrypt", true),
  SHA512_CRYPT("sha512-crypt", true),
  SHA256_CRYPT("sha256-crypt", true),
  /** Verify only: MD5-crypt is fast enough to brute-force on one GPU. */
  MD5_CRYPT("md5-crypt", false),
  /** Verify only: DES crypt uses only 8 characters of the password and 12 bits of salt. */
  DES_CRYPT("des-crypt", false),
  /** Through the system's libxcrypt; can hash (and verify) only when that is installed. */
  YESCRYPT("yescrypt", true);

  private final String configName;
  private final boolean hashable;

  PasswordScheme(String configName, boolean hashable) {
    this.configName = configName;
    this.hashable = hashable;
  }

  /** The name used in configuration files, e.g. {@code sha512-crypt}. */
  public String configName() {
    return configName;
  }

  /**
   * The scheme with this configuration name.
   *
   * @throws IllegalArgumentException if there is none; the message lists the valid names
   */
  public static PasswordScheme fromConfigName(String name) {
    for (PasswordScheme scheme : values()) {
      if (scheme.configName.equals(name)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException(
        "unknown password scheme \"" + name + "\"; valid: " + names(false));
  }

  /**
   * The scheme of a stored hash, judged by its prefix and shape only (a broken string with a
   * right prefix is still detected; {@link PasswordHasher#verify} tells it apart). A Dovecot
   * {@code {SCHEME}} prefix is looked through. Empty for formats that are no PasswordScheme,
   * even those {@link PasswordHasher#verify} can check, such as argon2i or gost-yescrypt.
   */
  public static Optional<PasswordScheme> detect(String storedHash) {
    return Dovecot.unwrap(storedHash)
        .map(unwrapped -> Family.of(unwrapped.crypt()).scheme());
  }

  /**
   * Whether {@link PasswordHasher#hash} creates this scheme: argon2id, bcrypt, sha512-crypt and
   * sha256-crypt always, yescrypt when the system's libxcrypt is present and knows it.
   */
  public boolean canHash() {
    return this == YESCRYPT ? Yescrypt.available() : hashable;
  }

  /** The configuration names, all or only those that can hash, for messages. */
  static String names(boolean hashingOnly) {
    return Arrays.stream(values())
        .filter(s -> !hashingOnly || s.canHash())
        .map(PasswordScheme::configName)
        .collect(Collectors.joining(", "));
  }
}
