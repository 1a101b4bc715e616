package org.vqpop.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;

/** Hashers with test-sized costs, for tests where the costs themselves do not matter. */
final class TestHashers {

  /** argon2id m=64 KiB t=1; bcrypt cost 4; SHA-crypt 5000 rounds; yescrypt cost 1. */
  static final PasswordHasher.Costs CHEAP = new PasswordHasher.Costs(64, 1, 1, 4, 5000, 1);

  private TestHashers() {}

  static PasswordHasher cheap() {
    return new PasswordHasher(CHEAP, new SecureRandom()::nextBytes, LibXCrypt.system());
  }

  static PasswordHasher withoutLibcrypt() {
    return new PasswordHasher(CHEAP, new SecureRandom()::nextBytes, Optional.empty());
  }

  /**
   * Salts of printable letters from a fixed seed, so an argon2 salt can be handed to the argon2
   * CLI, which takes it as a command-line argument.
   */
  static RandomBytes printableSalts(long seed) {
    Random random = new Random(seed);
    return bytes -> {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ('a' + random.nextInt(26));
      }
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
