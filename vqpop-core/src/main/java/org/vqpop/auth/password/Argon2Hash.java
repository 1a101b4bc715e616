package org.vqpop.auth.password;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An argon2 hash in the PHC string format of the reference implementation, e.g. {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}: salt and hash in standard base64 without padding
 * (RFC 4648 section 4), parameters in the fixed order m, t, p as decimals without leading zeros.
 * A missing {@code v=} field means version 0x10, as the reference decoder reads it.
 *
 * <p>Parsing enforces bounds before anything is allocated, so a hostile or corrupt string cannot
 * make a verification take gigabytes or hours: memory {@code 8·p ≤ m ≤ 4194304} KiB (4 GiB, RFC
 * 9106 requires at least 8 blocks per lane), {@code 1 ≤ t ≤ 1024} passes, {@code 1 ≤ p ≤ 255}
 * lanes, a salt of 1 to 1024 bytes and a hash of 4 (RFC 9106's minimum tag) to 1024 bytes.
 */
record Argon2Hash(Type type, int version, int memoryKiB, int iterations, int parallelism,
    byte[] salt, byte[] hash) {

  static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  static final int MAX_ITERATIONS = 1024;
  static final int MAX_PARALLELISM = 255;
  static final int MAX_BYTES = 1024;
  static final int MIN_HASH_BYTES = 4;

  enum Type {
    ARGON2D("argon2d", Argon2Parameters.ARGON2_d),
    ARGON2I("argon2i", Argon2Parameters.ARGON2_i),
    ARGON2ID("argon2id", Argon2Parameters.ARGON2_id);

    final String id;
    final int bouncyCastle;

    Type(String id, int bouncyCastle) {
      this.id = id;
      this.bouncyCastle = bouncyCastle;
    }

    static Optional<Type> fromId(String id) {
      for (Type type : values()) {
        if (type.id.equals(id)) {
          return Optional.of(type);
        }
      }
      return Optional.empty();
    }
  }

  /** The string form; the version field is always written, as current tools do. */
  String encode() {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$" + type.id + "$v=" + version
        + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
        + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** The hash if {@code s} is a well-formed argon2 string within the bounds above. */
  static Optional<Argon2Hash> parse(String s) {
    if (!s.startsWith("$")) {
      return Optional.empty();
    }
    List<String> fields = List.of(s.substring(1).split("\\$", -1));
    if (fields.size() != 4 && fields.size() != 5) {
      return Optional.empty();
    }
    Optional<Type> type = Type.fromId(fields.get(0));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    int next = 1;
    int version = Argon2Parameters.ARGON2_VERSION_10;
    if (fields.size() == 5) {
      String v = fields.get(next++);
      if (v.equals("v=19")) {
        version = Argon2Parameters.ARGON2_VERSION_13;
      } else if (!v.equals("v=16")) {
        return Optional.empty();
      }
    }
    String[] params = fields.get(next++).split(",", -1);
    if (params.length != 3) {
      return Optional.empty();
    }
    long m = number(params[0], "m=");
    long t = number(params[1], "t=");
    long p = number(params[2], "p=");
    if (p < 1 || p > MAX_PARALLELISM
        || t < 1 || t > MAX_ITERATIONS
        || m < 8 * p || m > MAX_MEMORY_KIB) {
      return Optional.empty();
    }
    Optional<byte[]> salt = base64(fields.get(next++));
    Optional<byte[]> hash = base64(fields.get(next));
    if (salt.isEmpty() || hash.isEmpty()
        || salt.get().length < 1 || salt.get().length > MAX_BYTES
        || hash.get().length < MIN_HASH_BYTES || hash.get().length > MAX_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        new Argon2Hash(type.get(), version, (int) m, (int) t, (int) p, salt.get(), hash.get()));
  }

  /** {@code name=digits} without sign or leading zeros; -1 for anything else. */
  private static long number(String field, String name) {
    if (!field.startsWith(name)) {
      return -1;
    }
    String digits = field.substring(name.length());
    if (digits.isEmpty() || digits.length() > 10 || (digits.length() > 1 && digits.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }

  /**
   * Strict decoding: the JDK decoder also takes padding and non-zero spare bits, which would let
   * one hash be written several ways; only the canonical unpadded form is accepted.
   */
  private static Optional<byte[]> base64(String text) {
    if (text.isEmpty() || text.indexOf('=') >= 0) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
      return Optional.empty();
    }
    return Optional.of(bytes);
  }
}
