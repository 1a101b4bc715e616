package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {
  final AtomicLong now = new AtomicLong(1_000);
  final VerificationCache cache = new VerificationCache(Duration.ofNanos(100), 3, now::get);

  static byte[] pw(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void remembersAPairForItsLifetimeOnly() {
    cache.remember("$h1", pw("secret"));
    assertThat(cache.matched("$h1", pw("secret"))).isTrue();
    assertThat(cache.matched("$h1", pw("Secret"))).isFalse();
    assertThat(cache.matched("$h2", pw("secret"))).as("a new hash is a new password").isFalse();
    now.addAndGet(99);
    assertThat(cache.matched("$h1", pw("secret"))).isTrue();
    now.addAndGet(1);
    assertThat(cache.matched("$h1", pw("secret"))).isFalse();
    assertThat(cache.size()).isZero();
  }

  @Test
  void staysWithinItsSize() {
    for (int i = 0; i < 10; i++) {
      cache.remember("$h" + i, pw("p"));
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.matched("$h9", pw("p"))).isTrue();
  }

  @Test
  void theHasherAnswersAMatchFromTheCacheAndComputesEverythingElse() {
    PasswordHasher plain = PasswordHasher.defaults();
    String real = plain.hash(PasswordScheme.SHA512_CRYPT, pw("joepass"));
    // A well-formed hash of another password: computed, it never matches "joepass".
    String other = plain.hash(PasswordScheme.SHA512_CRYPT, pw("other"));
    VerificationCache c = new VerificationCache(Duration.ofHours(1), 100, now::get);
    PasswordHasher cached = plain.withVerificationCache(c);
    assertThat(cached.verify(real, pw("joepass"))).isEqualTo(Verification.MATCH);
    assertThat(c.size()).isEqualTo(1);
    assertThat(cached.verify(real, pw("wrong"))).isEqualTo(Verification.MISMATCH);
    assertThat(c.size()).as("mismatches are not remembered").isEqualTo(1);
    c.remember(other, pw("joepass"));
    assertThat(cached.verify(other, pw("joepass"))).as("answered from the cache").isEqualTo(Verification.MATCH);
    assertThat(plain.verify(other, pw("joepass"))).isEqualTo(Verification.MISMATCH);
    assertThat(cached.verify(real, pw("joe\0pass"))).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void zeroTurnsItOff() {
    assertThatThrownBy(() -> new VerificationCache(Duration.ZERO, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
    PasswordHasher off = PasswordHasher.defaults().withVerificationCache(Duration.ZERO, 1);
    String h = off.hash(PasswordScheme.SHA512_CRYPT, pw("x"));
    assertThat(off.verify(h, pw("x"))).isEqualTo(Verification.MATCH);
  }
}
