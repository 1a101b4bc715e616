package org.vqpop.auth.password;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Creates password hashes and verifies stored ones. Immutable and thread-safe.
 *
 * <p>{@link #defaults()} uses the OWASP Password Storage Cheat Sheet's minimum for argon2id,
 * m=19456 KiB (19 MiB), t=2, p=1, with a 16-byte salt and a 32-byte hash, 0.08 to 0.16 s per
 * verification measured on the project's 2-core machines; bcrypt cost 11, one above OWASP's
 * minimum of 10, 0.12 to 0.25 s there (cost 12 took 0.3 s), a delay a POP3 login does not feel;
 * SHA-crypt with the crypt(5) default of 5000 rounds, so its hashes look like every other
 * tool's (it is offered for interoperability, not strength); yescrypt at libxcrypt's and Debian's default cost 5.
 *
 * <p>Verification reads the scheme from the stored string: argon2id, argon2i and argon2d in the
 * PHC format (versions 0x13 and 0x10, any salt and hash length, within the bounds in {@link
 * Argon2Hash} that keep a corrupt string from costing gigabytes), bcrypt {@code $2a$ $2b$ $2y$},
 * MD5-crypt {@code $1$}, SHA-crypt {@code $5$ $6$} with or without {@code rounds=}, traditional
 * 13-character DES crypt, and through the system's libxcrypt yescrypt {@code $y$} and any other
 * scheme it knows. Dovecot's {@code {ARGON2ID} {ARGON2I} {BLF-CRYPT} {SHA512-CRYPT}
 * {SHA256-CRYPT} {MD5-CRYPT} {CRYPT}} prefixes are looked through; other Dovecot schemes,
 * {@code {PLAIN}} included, are {@link Verification#UNSUPPORTED}.
 *
 * <p>Passwords are bytes, normally UTF-8; this class never keeps or zeroes the caller's array,
 * and zeroes the copies it makes. Copies made inside commons-codec and Bouncy Castle are beyond
 * its reach. A password containing a NUL byte never matches and cannot be hashed, because
 * crypt(3) would silently cut it short there. bcrypt uses only the first 72 bytes of a password,
 * both when hashing and verifying, like every other bcrypt (see {@link Bcrypt}). libxcrypt
 * refuses passwords over 511 bytes: yescrypt cannot hash them, and they never match a hash
 * verified through libxcrypt.
 */
public final class PasswordHasher {

  static final int ARGON2_SALT_BYTES = 16;
  static final int ARGON2_HASH_BYTES = 32;
  static final int BCRYPT_SALT_BYTES = 16;
  /** The most a SHA-crypt salt can have, 96 bits. */
  static final int SHA_SALT_CHARS = 16;

  /** The work factors this hasher creates hashes with and judges stored ones against. */
  record Costs(int argon2MemoryKiB, int argon2Iterations, int argon2Parallelism, int bcryptCost,
      long shaRounds, int yescryptCost) {

    static final Costs DEFAULTS = new Costs(19456, 2, 1, 11, ClassicCrypt.DEFAULT_SHA_ROUNDS,
        Yescrypt.DEFAULT_COST);

    Costs {
      if (argon2Parallelism < 1 || argon2Parallelism > Argon2Hash.MAX_PARALLELISM
          || argon2Iterations < 1 || argon2Iterations > Argon2Hash.MAX_ITERATIONS
          || argon2MemoryKiB < 8 * argon2Parallelism
          || argon2MemoryKiB > Argon2Hash.MAX_MEMORY_KIB) {
        throw new IllegalArgumentException("argon2 parameters out of range");
      }
      if (bcryptCost < Bcrypt.MIN_COST || bcryptCost > Bcrypt.MAX_COST) {
        throw new IllegalArgumentException("bcrypt cost must be 4 to 31");
      }
      if (shaRounds < ClassicCrypt.MIN_SHA_ROUNDS || shaRounds > ClassicCrypt.MAX_SHA_ROUNDS) {
        throw new IllegalArgumentException("SHA-crypt rounds must be 1000 to 999999999");
      }
    }
  }

  private final Costs costs;
  private final RandomBytes random;
  private final Optional<LibXCrypt> libcrypt;
  private final @Nullable VerificationCache cache;
  private final @Nullable CheckLimit limit;

  PasswordHasher(Costs costs, RandomBytes random, Optional<LibXCrypt> libcrypt) {
    this(costs, random, libcrypt, null, null);
  }

  private PasswordHasher(Costs costs, RandomBytes random, Optional<LibXCrypt> libcrypt,
      @Nullable VerificationCache cache, @Nullable CheckLimit limit) {
    this.costs = costs;
    this.random = random;
    this.libcrypt = libcrypt;
    this.cache = cache;
    this.limit = limit;
  }

  /**
   * This hasher, remembering successful verifications for {@code ttl} (at most {@code maxEntries}
   * of them): see {@link VerificationCache}. A zero {@code ttl} turns the cache off.
   */
  public PasswordHasher withVerificationCache(Duration ttl, int maxEntries) {
    if (ttl.isZero()) {
      return new PasswordHasher(costs, random, libcrypt, null, limit);
    }
    return new PasswordHasher(costs, random, libcrypt, new VerificationCache(ttl, maxEntries, System::nanoTime),
        limit);
  }

  PasswordHasher withVerificationCache(VerificationCache c) {
    return new PasswordHasher(costs, random, libcrypt, c, limit);
  }

  /**
   * This hasher, running verifications on {@code permits} threads of its own, so at most that many
   * at once; a verification not done within {@code wait} (its turn and the check) is {@link
   * Verification#BUSY}. See {@link CheckLimit}: the point is the heap that argon2id checks hold
   * while they run. Answers from the verification cache do not wait.
   */
  public PasswordHasher withCheckLimit(int permits, Duration wait) {
    return new PasswordHasher(costs, random, libcrypt, cache, new CheckLimit(permits, wait));
  }

  PasswordHasher withCheckLimit(CheckLimit l) {
    return new PasswordHasher(costs, random, libcrypt, cache, l);
  }

  /** The default number of verifications at once: two per core, so the cores stay busy. */
  public static int defaultCheckPermits() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /**
   * A new decoy for logins that have no stored hash to check (see {@link DecoyHash}); each kind
   * of stored hash (POP passwords, system accounts) should have its own, fed through {@link
   * #verify(String, byte[], DecoyHash)}.
   */
  public DecoyHash newDecoy() {
    return new DecoyHash(() -> {
      byte[] noPassword = randomBytes(16);
      for (int i = 0; i < noPassword.length; i++) {
        noPassword[i] |= 1; // no NUL, which hash() refuses
      }
      return hash(PasswordScheme.ARGON2ID, noPassword);
    });
  }

  /** The recommended costs (see the class comment) with salts from a {@link SecureRandom}. */
  public static PasswordHasher defaults() {
    SecureRandom secureRandom = new SecureRandom();
    return new PasswordHasher(Costs.DEFAULTS, secureRandom::nextBytes, LibXCrypt.system());
  }

  /**
   * A new hash of {@code password} in {@code scheme}, with a fresh salt.
   *
   * @throws IllegalArgumentException if {@code scheme} cannot hash (the message lists those that
   *     can), the password contains a NUL byte, or it is a yescrypt password longer than
   *     libxcrypt's 511 bytes
   */
  public String hash(PasswordScheme scheme, byte[] password) {
    requireHashable(scheme);
    if (Passwords.containsNul(password)) {
      throw new IllegalArgumentException("a password containing a NUL byte cannot be hashed");
    }
    if (scheme == PasswordScheme.YESCRYPT && password.length > LibXCrypt.MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "libxcrypt takes passwords of at most " + LibXCrypt.MAX_PASSWORD_BYTES + " bytes");
    }
    return switch (scheme) {
      case ARGON2ID -> {
        byte[] salt = randomBytes(ARGON2_SALT_BYTES);
        yield Argon2.hash(Argon2Hash.Type.ARGON2ID, costs.argon2MemoryKiB(),
            costs.argon2Iterations(), costs.argon2Parallelism(), salt, ARGON2_HASH_BYTES,
            password).encode();
      }
      case BCRYPT -> Bcrypt.hash(costs.bcryptCost(), randomBytes(BCRYPT_SALT_BYTES), password);
      case SHA512_CRYPT, SHA256_CRYPT -> ClassicCrypt.hashSha(
          scheme == PasswordScheme.SHA512_CRYPT ? Family.SHA512_CRYPT : Family.SHA256_CRYPT,
          costs.shaRounds(), Crypt64.randomSalt(random, SHA_SALT_CHARS), password);
      case YESCRYPT -> Yescrypt.hash(libcrypt.orElseThrow(), costs.yescryptCost(),
              randomBytes(LibXCrypt.GENSALT_RANDOM_BYTES), password)
          .orElseThrow(() -> new IllegalStateException("libxcrypt could not make a yescrypt hash"));
      case MD5_CRYPT, DES_CRYPT -> throw new IllegalStateException("unreachable: " + scheme);
    };
  }

  /**
   * Whether {@code password} is the one {@code storedHash} was made from; never throws. {@link
   * Verification#BUSY} when a check limit is set and the check's turn did not come in time.
   */
  public Verification verify(String storedHash, byte[] password) {
    return verify(storedHash, password, true);
  }

  /** As {@link #verify(String, byte[])}, and shows {@code decoy} what a real stored hash looks like. */
  public Verification verify(String storedHash, byte[] password, DecoyHash decoy) {
    Verification v = verify(storedHash, password, true);
    decoy.saw(storedHash, v);
    return v;
  }

  /**
   * Spends the time and memory of checking {@code password} against a real user's hash, for a
   * login that has none: never {@link Verification#MATCH} (the password is checked against the
   * decoy, whatever it matches); {@link Verification#BUSY} as a real check would be. A password
   * with a NUL byte is refused at once, as a real check refuses it.
   */
  public Verification verifyDecoy(DecoyHash decoy, byte[] password) {
    return verify(decoy.target(), password, false) == Verification.BUSY ? Verification.BUSY : Verification.MISMATCH;
  }

  private Verification verify(String storedHash, byte[] password, boolean real) {
    if (Passwords.containsNul(password)) {
      return Verification.MISMATCH;
    }
    // The decoy goes through the cache's lookup too (an HMAC), so that it costs the same, but a
    // decoy that happens to match is not remembered: a later cache hit would be faster.
    if (cache != null && cache.matched(storedHash, password) && real) {
      return Verification.MATCH;
    }
    Verification v = limit == null ? verifyNow(storedHash, password)
        : limit.run(() -> verifyNow(storedHash, password), Verification.BUSY);
    if (v == Verification.MATCH && cache != null && real) {
      cache.remember(storedHash, password);
    }
    return v;
  }

  private Verification verifyNow(String storedHash, byte[] password) {
    Optional<Dovecot.Unwrapped> unwrapped = Dovecot.unwrap(storedHash);
    if (unwrapped.isEmpty()) {
      return Verification.UNSUPPORTED;
    }
    String crypt = unwrapped.get().crypt();
    boolean prefixed = unwrapped.get().prefixed();
    try {
      return switch (Family.of(crypt)) {
        case ARGON2ID, ARGON2I, ARGON2D -> Argon2.verify(crypt, password);
        case BCRYPT -> Bcrypt.verify(crypt, password);
        case SHA512_CRYPT, SHA256_CRYPT, MD5_CRYPT, DES_CRYPT ->
            ClassicCrypt.verify(Family.of(crypt), crypt, password, libcrypt);
        case YESCRYPT, LIBCRYPT_KNOWN -> libcrypt
            .map(lib -> lib.verify(crypt, password))
            .orElse(Verification.UNSUPPORTED);
        case LIBCRYPT_OTHER -> libcrypt.map(lib -> {
          Verification verdict = lib.verify(crypt, password);
          // libxcrypt cannot tell "unknown method" from "broken setting"; an id we do not know
          // of is more likely a foreign format than a damaged hash, unless Dovecot said crypt.
          return verdict == Verification.MALFORMED && !prefixed
              ? Verification.UNSUPPORTED : verdict;
        }).orElse(Verification.UNSUPPORTED);
        case UNKNOWN -> prefixed ? Verification.MALFORMED : Verification.UNSUPPORTED;
      };
    } catch (IllegalArgumentException e) {
      // A library refusing a value our parsing let through: the string is broken, and the
      // exception's message may quote it, so it is not passed on.
      return Verification.MALFORMED;
    }
  }

  /**
   * Whether a hash that just verified should be replaced by a new one in {@code wanted}: it is
   * in another scheme, or weaker than this hasher's costs. Weaker means, for argon2id, an older
   * version, less memory, fewer passes, or a shorter salt or hash (parallelism does not count);
   * for bcrypt, a lower cost; for SHA-crypt, fewer rounds; for yescrypt, any parameters other
   * than the ones this hasher writes, since their encoding is not decoded here. A string that
   * is not a well-formed hash of its scheme needs rehashing too.
   *
   * @throws IllegalArgumentException if {@code wanted} cannot hash
   */
  public boolean needsRehash(String storedHash, PasswordScheme wanted) {
    requireHashable(wanted);
    Optional<Dovecot.Unwrapped> unwrapped = Dovecot.unwrap(storedHash);
    if (unwrapped.isEmpty()) {
      return true;
    }
    String crypt = unwrapped.get().crypt();
    if (Family.of(crypt).scheme() != wanted) {
      return true;
    }
    return switch (wanted) {
      case ARGON2ID -> Argon2Hash.parse(crypt)
          .map(h -> h.version() != 0x13
              || h.memoryKiB() < costs.argon2MemoryKiB()
              || h.iterations() < costs.argon2Iterations()
              || h.salt().length < ARGON2_SALT_BYTES
              || h.hash().length < ARGON2_HASH_BYTES)
          .orElse(true);
      case BCRYPT -> {
        var cost = Bcrypt.cost(crypt);
        yield cost.isEmpty() || cost.getAsInt() < costs.bcryptCost();
      }
      case SHA512_CRYPT, SHA256_CRYPT -> {
        var rounds = ClassicCrypt.shaRounds(crypt);
        yield rounds.isEmpty() || rounds.getAsLong() < costs.shaRounds();
      }
      case YESCRYPT -> {
        Optional<String> ours = Yescrypt.paramsFor(libcrypt.orElseThrow(), costs.yescryptCost());
        yield ours.isEmpty() || !ours.equals(Yescrypt.params(crypt));
      }
      case MD5_CRYPT, DES_CRYPT -> throw new IllegalStateException("unreachable: " + wanted);
    };
  }

  private void requireHashable(PasswordScheme scheme) {
    boolean hashable = scheme == PasswordScheme.YESCRYPT
        ? libcrypt.isPresent() && scheme.canHash()
        : scheme.canHash();
    if (!hashable) {
      throw new IllegalArgumentException("password scheme " + scheme.configName()
          + " cannot create hashes here; these can: " + hashableNames());
    }
  }

  private String hashableNames() {
    return libcrypt.isPresent()
        ? PasswordScheme.names(true)
        : PasswordScheme.names(true).replace(", " + PasswordScheme.YESCRYPT.configName(), "");
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.fill(bytes);
    return bytes;
  }
}
