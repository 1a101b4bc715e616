package org.vqpop.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginDelaysTest {
  @Test
  void theDelayDoublesPerFailureUpToTheMaximumAndPerAddress() throws Exception {
    LoginDelays d = new LoginDelays(Duration.ofSeconds(1), Duration.ofSeconds(5));
    InetAddress a = InetAddress.getByName("192.0.2.1");
    assertThat(d.failed(a)).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.failed(a)).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.failed(a)).isEqualTo(Duration.ofSeconds(4));
    assertThat(d.failed(a)).isEqualTo(Duration.ofSeconds(5));
    for (int i = 0; i < 100; i++) {
      assertThat(d.failed(a)).isEqualTo(Duration.ofSeconds(5)); // no overflow
    }
    assertThat(d.failed(InetAddress.getByName("192.0.2.2"))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aFloodOfAddressesStaysBoundedAndKeepsTheLongRuns() throws Exception {
    LoginDelays d = new LoginDelays(Duration.ofSeconds(1), Duration.ofSeconds(15), 64, 100);
    InetAddress guesser = InetAddress.getByName("192.0.2.1");
    for (int i = 0; i < 5; i++) {
      d.failed(guesser);
    }
    for (int i = 0; i < 5_000; i++) {
      d.failed(InetAddress.getByName("10.0." + (i / 250) + "." + (i % 250)));
      assertThat(d.addresses()).isLessThanOrEqualTo(100);
    }
    assertThat(d.failures(guesser)).isEqualTo(5);
    assertThat(d.failed(guesser)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void zeroMeansNoDelayAndNoTable() throws Exception {
    LoginDelays d = new LoginDelays(Duration.ZERO, Duration.ofSeconds(5));
    InetAddress a = InetAddress.getByName("192.0.2.1");
    assertThat(d.failed(a)).isZero();
    assertThat(d.failures(a)).isZero();
  }

  @Test
  void apopTimestampsAreUniqueAndWellFormed() {
    ApopTimestamps t = new ApopTimestamps("mail.example.org");
    String a = t.next();
    String b = t.next();
    assertThat(a).matches("<\\d+\\.\\d+\\.\\d+@mail\\.example\\.org>").isNotEqualTo(b);
    assertThat(new ApopTimestamps("bad<host>").next()).endsWith("@badhost>");
  }

  @Test
  void anIpv6ClientIsCountedByItsPrefix() throws Exception {
    LoginDelays d = new LoginDelays(Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(d.failed(InetAddress.getByName("2001:db8:0:1::1"))).isEqualTo(Duration.ofSeconds(1));
    // Another address of the same /64 goes on doubling; another /64 starts afresh.
    assertThat(d.failed(InetAddress.getByName("2001:db8:0:1::2"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.failed(InetAddress.getByName("2001:db8:0:2::1"))).isEqualTo(Duration.ofSeconds(1));
  }
}
