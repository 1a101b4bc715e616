package org.vqpop.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DataPaceTest {
  static final long S = 1_000_000_000L;
  final DataPace.Limits limits = new DataPace.Limits(Duration.ofSeconds(600), 1000, Duration.ofSeconds(30));

  @Test
  void theDeadlineHoldsWhateverTheRate() {
    DataPace p = new DataPace(limits, 5 * S);
    p.received(1L << 40);
    assertThat(p.check(5 * S + 599 * S)).isNull();
    assertThat(p.check(5 * S + 600 * S)).isEqualTo(DataPace.Breach.TIMEOUT);
    assertThat(p.nanosLeft(5 * S + 100 * S)).isEqualTo(500 * S);
  }

  @Test
  void theRateCountsOnlyAfterTheGrace() {
    DataPace p = new DataPace(limits, 0);
    assertThat(p.check(29 * S)).isNull();
    assertThat(p.nanosLeft(0)).isBetween(30 * S, 30 * S + 1);
    assertThat(p.check(31 * S)).isEqualTo(DataPace.Breach.TOO_SLOW);
    p.received(40_000); // enough for 40 s at 1000 octets/s
    assertThat(p.check(31 * S)).isNull();
    assertThat(p.check(39 * S)).isNull();
    assertThat(p.check(41 * S)).isEqualTo(DataPace.Breach.TOO_SLOW);
    assertThat(p.nanosLeft(35 * S)).isBetween(5 * S, 5 * S + 1);
  }

  @Test
  void noMinimumRateLeavesOnlyTheDeadline() {
    DataPace p = new DataPace(new DataPace.Limits(Duration.ofSeconds(10), 0, Duration.ZERO), 0);
    assertThat(p.check(9 * S)).isNull();
    assertThat(p.nanosLeft(4 * S)).isEqualTo(6 * S);
    assertThat(p.check(10 * S)).isEqualTo(DataPace.Breach.TIMEOUT);
    assertThat(p.nanosLeft(11 * S)).isZero();
  }
}
