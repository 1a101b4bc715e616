package org.vqpop.server.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How many connections may be open at once: in total, and from one client address. Shared by
 * all listeners, so that a second port is not a way around the limit. Thread-safe.
 *
 * <p>An IPv6 client is counted by its prefix ({@code ipv6Prefix} bits, /64 by default): a host
 * usually gets a whole /64, so counting full addresses would give it 2^64 times the limit. An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, a dual-stack listener's IPv4 client) counts
 * as its IPv4 address.
 *
 * <p>The limits can change while connections are open ({@link #update}, on {@code SIGHUP}): a
 * lower limit refuses new connections until enough have ended, and closes none.
 */
public final class ConnectionLimits {
  private final AtomicInteger total = new AtomicInteger();
  private volatile int maxTotal;
  private volatile int perAddress;
  private volatile int ipv6Prefix;
  /** Open connections per address; an entry is removed when its count returns to zero. */
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** Counting IPv6 clients by their /64. */
  public ConnectionLimits(int maxConnections, int maxPerAddress) {
    this(maxConnections, maxPerAddress, 64);
  }

  /** @param ipv6Prefix how many leading bits of an IPv6 address name one client, 1 to 128 */
  public ConnectionLimits(int maxConnections, int maxPerAddress, int ipv6Prefix) {
    update(maxConnections, maxPerAddress, ipv6Prefix);
  }

  /** New limits, for connections accepted from now on. */
  public void update(int maxConnections, int maxPerAddress, int ipv6Prefix) {
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("IPv6 prefix must be between 1 and 128");
    }
    this.maxTotal = maxConnections;
    this.perAddress = maxPerAddress;
    this.ipv6Prefix = ipv6Prefix;
  }

  /**
   * The key {@code peer} is counted under: an IPv4 address as it is, an IPv4-mapped IPv6 address
   * as its IPv4 address, any other IPv6 address with the bits after the prefix (and the scope)
   * cleared.
   */
  InetAddress client(InetAddress peer) {
    return client(peer, ipv6Prefix);
  }

  /**
   * The address {@code peer} counts as, with IPv6 clients counted per prefix of {@code
   * ipv6Prefix} bits; for other per-client tables too (the login-failure delays).
   */
  public static InetAddress client(InetAddress peer, int ipv6Prefix) {
    if (!(peer instanceof Inet6Address)) {
      return peer;
    }
    byte[] a = peer.getAddress();
    try {
      if (isMappedIpv4(a)) {
        return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(a, 12, 16));
      }
      for (int bit = ipv6Prefix; bit < 128; bit++) {
        a[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes are always an address
    }
  }

  private static boolean isMappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** A slot for one connection from {@code peer}, or null if a limit is reached. */
  @Nullable Permit tryAcquire(InetAddress peer) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return null;
    }
    InetAddress key = client(peer);
    int limit = perAddress;
    boolean[] got = {false};
    open.compute(key, (a, n) -> {
      int count = n == null ? 0 : n;
      if (count >= limit) {
        return n;
      }
      got[0] = true;
      return count + 1;
    });
    if (!got[0]) {
      total.decrementAndGet();
      return null;
    }
    return new Permit(key);
  }

  /** Connections open now from {@code peer}'s address (or prefix), for tests and logs. */
  int openNow(InetAddress peer) {
    return open.getOrDefault(client(peer), 0);
  }

  /** One connection's slot; closing it twice releases it once. */
  final class Permit implements AutoCloseable {
    private final InetAddress peer;
    private boolean released;

    private Permit(InetAddress peer) {
      this.peer = peer;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        open.computeIfPresent(peer, (a, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
      }
    }
  }
}
