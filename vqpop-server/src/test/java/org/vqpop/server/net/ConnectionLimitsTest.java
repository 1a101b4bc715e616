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

  @Test
  void ipv6ClientsAreCountedByTheirPrefix() throws Exception {
    ConnectionLimits l = new ConnectionLimits(10, 2);
    // Two addresses of one /64 share a count: a host that holds the /64 gets no more slots.
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:2::1"))).isNotNull();
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:fffe"))).isNotNull();
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:2:a:b:c:d"))).isNull();
    assertThat(l.openNow(InetAddress.getByName("2001:db8:1:2::9"))).isEqualTo(2);
    // The next /64 is another client.
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:3::1"))).isNotNull();
  }

  @Test
  void theIpv6PrefixIsConfigurableAndAMappedIpv4AddressCountsAsIpv4() throws Exception {
    ConnectionLimits l = new ConnectionLimits(10, 1, 48);
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:2::1"))).isNotNull();
    assertThat(l.tryAcquire(InetAddress.getByName("2001:db8:1:ffff::1"))).isNull();
    assertThat(l.client(InetAddress.getByName("2001:db8:1:ffff::1")))
        .isEqualTo(InetAddress.getByName("2001:db8:1::"));
    // An Inet6Address holding ::ffff:192.0.2.7 (as a dual-stack socket may report it).
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(b().getAddress(), 0, mapped, 12, 4);
    InetAddress m = java.net.Inet6Address.getByAddress(null, mapped, null);
    assertThat(l.client(m)).isEqualTo(b());
    assertThat(l.tryAcquire(b())).isNotNull();
    assertThat(l.tryAcquire(m)).isNull();
    ConnectionLimits full = new ConnectionLimits(10, 1, 128);
    assertThat(full.tryAcquire(InetAddress.getByName("2001:db8::1"))).isNotNull();
    assertThat(full.tryAcquire(InetAddress.getByName("2001:db8::2"))).isNotNull();
  }
}
