package org.vqpop.auth.password;

import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2 (RFC 9106) through Bouncy Castle, in the PHC string format of {@link Argon2Hash}. */
final class Argon2 {

  private Argon2() {}

  static Verification verify(String stored, byte[] password) {
    var parsed = Argon2Hash.parse(stored);
    if (parsed.isEmpty()) {
      return Verification.MALFORMED;
    }
    Argon2Hash h = parsed.get();
    byte[] computed = compute(h.type(), h.version(), h.memoryKiB(), h.iterations(),
        h.parallelism(), h.salt(), password, h.hash().length);
    try {
      return MessageDigest.isEqual(computed, h.hash()) ? Verification.MATCH : Verification.MISMATCH;
    } finally {
      Passwords.zero(computed);
    }
  }

  static Argon2Hash hash(Argon2Hash.Type type, int memoryKiB, int iterations, int parallelism,
      byte[] salt, int hashLength, byte[] password) {
    byte[] out = compute(type, Argon2Parameters.ARGON2_VERSION_13, memoryKiB, iterations,
        parallelism, salt, password, hashLength);
    return new Argon2Hash(type, Argon2Parameters.ARGON2_VERSION_13, memoryKiB, iterations,
        parallelism, salt, out);
  }

  private static byte[] compute(Argon2Hash.Type type, int version, int memoryKiB, int iterations,
      int parallelism, byte[] salt, byte[] password, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(type.bouncyCastle)
        .withVersion(version)
        .withMemoryAsKB(memoryKiB)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    params.clear();
    return out;
  }
}
