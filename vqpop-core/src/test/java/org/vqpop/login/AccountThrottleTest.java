package org.vqpop.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-account failure counter (issue 11 item 4), on a fake clock. */
class AccountThrottleTest {
  final AtomicLong now = new AtomicLong();

  @Test
  void afterTheThresholdFurtherFailuresWaitDoublingUpToTheMaximum() {
    AccountThrottle t = new AccountThrottle(3, Duration.ofSeconds(1), 100, now::get);
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isZero();
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isZero();
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isZero(); // the third: throttled from now on
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 100; i++) {
      t.failed("joe@acme.com", "joe@acme.com");
    }
    assertThat(t.failed("joe@acme.com", "joe@acme.com")).isEqualTo(AccountThrottle.MAX_DELAY);
    assertThat(t.failed("ann@acme.com", "ann@acme.com")).as("another account").isZero();
  }

  @Test
  void aRunEndsAfterTheWindowWithoutAFailure() {
    AccountThrottle t = new AccountThrottle(2, Duration.ofSeconds(1), 100, now::get);
    t.failed("joe@acme.com", "joe");
    t.failed("joe@acme.com", "joe");
    assertThat(t.failed("joe@acme.com", "joe")).isEqualTo(Duration.ofSeconds(1));
    now.addAndGet(AccountThrottle.WINDOW.toNanos() + 1);
    assertThat(t.failures("joe@acme.com")).isZero();
    assertThat(t.failed("joe@acme.com", "joe")).isZero();
    assertThat(t.failures("joe@acme.com")).isEqualTo(1);
  }

  @Test
  void zeroTurnsItOff() {
    AccountThrottle t = new AccountThrottle(1, Duration.ZERO, 100, now::get);
    for (int i = 0; i < 10; i++) {
      assertThat(t.failed("joe@acme.com", "joe")).isZero();
    }
    assertThat(t.accounts()).isZero();
  }

  @Test
  void aFloodOfNewNamesStaysBoundedAndDoesNotWashOutAThrottledAccount() {
    AccountThrottle t = new AccountThrottle(3, Duration.ofSeconds(1), 100, now::get);
    for (int i = 0; i < 5; i++) {
      t.failed("joe@acme.com", "joe");
    }
    for (int i = 0; i < 10_000; i++) {
      t.failed("guess" + i + "@acme.com", "guess");
      assertThat(t.accounts()).isLessThanOrEqualTo(100);
    }
    assertThat(t.failed("joe@acme.com", "joe")).as("still throttled").isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aTableFullOfThrottledAccountsCountsNoNewOnes() {
    FailureCounter<String> c = new FailureCounter<>("accounts", 2, Duration.ofMinutes(15), 2, now::get);
    c.failed("a");
    c.failed("a");
    c.failed("b");
    c.failed("b");
    assertThat(c.failed("c")).isZero();
    assertThat(c.size()).isEqualTo(2);
    now.addAndGet(Duration.ofMinutes(16).toNanos());
    assertThat(c.failed("c")).as("once runs end there is room").isEqualTo(1);
  }
}
