package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The limit on password checks at once (issue 11 item 4: 60 concurrent argon2id checks held
 * 60 x 19 MiB of heap). Checks run on virtual threads, as the server's connections do.
 */
class CheckLimitTest {

  @Test
  void neverMoreThanThePermitsRunAtOnceAndTheRestWaitTheirTurn() throws Exception {
    int permits = 3;
    int clients = permits + 9;
    CheckLimit limit = new CheckLimit(permits, Duration.ofSeconds(30));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        results.add(threads.submit(() -> {
          start.await();
          return limit.run(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(40);
            running.decrementAndGet();
            return "checked";
          }, "busy");
        }));
      }
      start.countDown();
      for (Future<String> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo("checked"); // all had their turn in time
      }
    }
    assertThat(most.get()).isEqualTo(permits);
    assertThat(limit.running()).isZero();
  }

  @Test
  void aCheckWhoseTurnDoesNotComeInTimeIsBusy() throws Exception {
    CheckLimit limit = new CheckLimit(1, Duration.ofMillis(200));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> first = threads.submit(() -> limit.run(() -> {
        holding.countDown();
        await(release);
        return "checked";
      }, "busy"));
      holding.await();
      long t0 = System.nanoTime();
      assertThat(limit.run(() -> "checked", "busy")).isEqualTo("busy");
      long waited = (System.nanoTime() - t0) / 1_000_000;
      assertThat(waited).as("ms waited").isBetween(150L, 10_000L);
      // The wait covers the check too: the slow one is over its wait as well.
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("busy");
      release.countDown();
    }
    for (int i = 0; i < 100 && limit.running() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(limit.running()).as("the slow check ended on its own").isZero();
    assertThat(limit.run(() -> "checked", "busy")).isEqualTo("checked"); // the thread is free again
  }

  @Test
  void checksRunOnThreadsOfTheirOwnNotOnTheCallersVirtualThread() throws Exception {
    CheckLimit limit = new CheckLimit(2, Duration.ofSeconds(10));
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> virtual = threads.submit(() -> limit.run(() -> Thread.currentThread().isVirtual(), true));
      assertThat(virtual.get(10, TimeUnit.SECONDS)).isFalse();
    }
  }

  @Test
  void aHasherWithALimitAnswersBusyWhenItsTurnDoesNotCome() throws Exception {
    CheckLimit limit = new CheckLimit(1, Duration.ofMillis(100));
    PasswordHasher hasher = TestHashers.cheap().withCheckLimit(limit);
    byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
    String hash = hasher.hash(PasswordScheme.ARGON2ID, pw);
    assertThat(hasher.verify(hash, pw)).isEqualTo(Verification.MATCH);
    DecoyHash decoy = hasher.newDecoy();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      threads.submit(() -> limit.run(() -> {
        holding.countDown();
        await(release);
        return null;
      }, null));
      holding.await();
      assertThat(hasher.verify(hash, pw)).isEqualTo(Verification.BUSY);
      assertThat(hasher.verifyDecoy(decoy, pw)).isEqualTo(Verification.BUSY);
      release.countDown();
    }
    assertThat(hasher.verify(hash, pw)).isEqualTo(Verification.MATCH);
    assertThat(hasher.verifyDecoy(decoy, pw)).isEqualTo(Verification.MISMATCH);
  }

  @Test
  void theDecoyFollowsTheHashesItIsShownAndNeverMatches() {
    PasswordHasher hasher = TestHashers.cheap();
    byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
    DecoyHash decoy = hasher.newDecoy();
    assertThat(decoy.target()).startsWith("$argon2id$"); // before any real hash: the default scheme
    String bcrypt = hasher.hash(PasswordScheme.BCRYPT, pw);
    assertThat(hasher.verify(bcrypt, pw, decoy)).isEqualTo(Verification.MATCH);
    assertThat(decoy.target()).isEqualTo(bcrypt);
    assertThat(hasher.verifyDecoy(decoy, pw)).as("a decoy is never a login").isEqualTo(Verification.MISMATCH);
    assertThat(hasher.verify("{PLAIN}secret", pw, decoy)).isEqualTo(Verification.UNSUPPORTED);
    assertThat(decoy.target()).as("what cannot be verified is no model").isEqualTo(bcrypt);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
