package org.vqpop.auth.password;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers for a while which (stored hash, password) pairs matched, so that a client that logs
 * in every minute pays for one argon2id or bcrypt verification an hour instead of sixty, the way
 * Dovecot's auth cache does. The key is the stored hash itself, so a changed password (a new
 * hash, with a new salt) is never answered from the cache; a removed user is never looked up this
 * far. Only matches are remembered, so a wrong password always costs a full verification.
 *
 * <p>Neither password nor hash is kept: an entry is an HMAC-SHA256 of the pair under a key drawn
 * at random when the cache is made and never stored. Bounded: past {@code maxEntries} expired
 * entries are dropped, and if that is not enough, all of them. Thread-safe.
 */
final class VerificationCache {
  private final Map<ByteBuffer, Long> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanos;
  private final SecretKeySpec key;

  VerificationCache(Duration ttl, int maxEntries, LongSupplier nanos) {
    if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("a verification cache needs a positive lifetime and size");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanos = nanos;
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** Whether this pair matched within the lifetime. */
  boolean matched(String storedHash, byte[] password) {
    ByteBuffer id = id(storedHash, password);
    Long expires = entries.get(id);
    if (expires == null) {
      return false;
    }
    if (nanos.getAsLong() - expires >= 0) {
      entries.remove(id, expires);
      return false;
    }
    return true;
  }

  /** Remembers that this pair matched. */
  void remember(String storedHash, byte[] password) {
    if (entries.size() >= maxEntries) {
      evict();
    }
    entries.put(id(storedHash, password), nanos.getAsLong() + ttlNanos);
  }

  int size() {
    return entries.size();
  }

  private void evict() {
    long now = nanos.getAsLong();
    for (Iterator<Long> it = entries.values().iterator(); it.hasNext(); ) {
      if (now - it.next() >= 0) {
        it.remove();
      }
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
  }

  private ByteBuffer id(String storedHash, byte[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(password);
      return ByteBuffer.wrap(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE has HmacSHA256", e);
    }
  }
}
