package org.vqpop.auth.password;

import java.util.Optional;

/**
 * yescrypt ({@code $y$params$salt$hash}), Debian's default since bullseye, which no Java library
 * implements; made and checked by the system's libxcrypt.
 */
final class Yescrypt {

  /**
   * libxcrypt's cost scale runs 1 to 11; 5 is its default and Debian's login.defs
   * YESCRYPT_COST_FACTOR, giving the {@code j9T} parameters of /etc/shadow.
   */
  static final int DEFAULT_COST = 5;

  private static final class Probe {
    /** Whether libxcrypt loads and makes yescrypt settings; asked once. */
    static final boolean AVAILABLE = LibXCrypt.system()
        .map(lib -> lib.gensalt("$y$", DEFAULT_COST, new byte[LibXCrypt.GENSALT_RANDOM_BYTES]))
        .isPresent();
  }

  private Yescrypt() {}

  static boolean available() {
    return Probe.AVAILABLE;
  }

  /** The hash, or empty when libxcrypt is missing or cannot make one at this cost. */
  static Optional<String> hash(LibXCrypt lib, int cost, byte[] randomBytes, byte[] password) {
    String setting = lib.gensalt("$y$", cost, randomBytes);
    return setting == null ? Optional.empty() : Optional.ofNullable(lib.crypt(password, setting));
  }

  /**
   * The parameter field, {@code j9T} in {@code $y$j9T$salt$hash}, or empty if the string has
   * none. It encodes flags, N and r in a variable-length form, so we compare it whole rather
   * than decode it.
   */
  static Optional<String> params(String stored) {
    if (!stored.startsWith("$y$")) {
      return Optional.empty();
    }
    int end = stored.indexOf('$', 3);
    return end > 3 ? Optional.of(stored.substring(3, end)) : Optional.empty();
  }

  /** The parameter field libxcrypt writes for {@code cost}. */
  static Optional<String> paramsFor(LibXCrypt lib, int cost) {
    String setting = lib.gensalt("$y$", cost, new byte[LibXCrypt.GENSALT_RANDOM_BYTES]);
    return setting == null ? Optional.empty() : params(setting);
  }
}
