package org.vqpop.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  static final InetAddress A = InetAddress.getLoopbackAddress();
  static InetAddress b() throws Exception {
    return InetAddress.getByName("192.0.2.7");
  }

  @Test
  void perAddressLimitLeavesRoomForOtherAddresses() throws Exception {
    ConnectionLimits l = new ConnectionLimits(10, 2);
    ConnectionLimits.Permit p1 = l.tryAcquire(A);
    ConnectionLimits.Permit p2 = l.tryAcquire(A);
    assertThat(p1).isNotNull();
    assertThat(p2).isNotNull();
    assertThat(l.tryAcquire(A)).isNull();
    assertThat(l.tryAcquire(b())).isNotNull();
    p1.close();
    p1.close(); // twice releases once
    assertThat(l.openNow(A)).isEqualTo(1);
    assertThat(l.tryAcquire(A)).isNotNull();
    assertThat(l.tryAcquire(A)).isNull();
  }

  @Test
  void totalLimitCountsEveryAddressAndARefusalTakesNothing() throws Exception {
    ConnectionLimits l = new ConnectionLimits(2, 2);
    ConnectionLimits.Permit p1 = l.tryAcquire(A);
    assertThat(l.tryAcquire(b())).isNotNull();
    assertThat(l.tryAcquire(b())).isNull();
    assertThat(l.tryAcquire(A)).isNull();
    p1.close();
    assertThat(l.openNow(A)).isZero();
    assertThat(l.tryAcquire(A)).isNotNull();
  }
}
