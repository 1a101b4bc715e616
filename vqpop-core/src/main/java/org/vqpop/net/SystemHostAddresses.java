package org.vqpop.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.vqpop.address.HostName;
import org.vqpop.domain.AddressLiterals;
import org.vqpop.domain.HostAddresses;

/**
 * {@link HostAddresses} through the system resolver ({@code InetAddress.getAllByName}: hosts
 * file, then DNS, as configured in {@code nsswitch.conf}), each answer cached for {@code ttl}, a
 * failed lookup too, so a dead resolver slows at most one login per host and period. A lookup runs
 * on the calling thread; two threads may look the same host up at once, which is harmless.
 */
public final class SystemHostAddresses implements HostAddresses {
  private record Entry(Set<String> addresses, long expiresAt) {}

  private final long ttlMillis;
  private final LongSupplier millis;
  private final ConcurrentHashMap<HostName, Entry> cache = new ConcurrentHashMap<>();

  public SystemHostAddresses(Duration ttl) {
    this(ttl, System::currentTimeMillis);
  }

  SystemHostAddresses(Duration ttl, LongSupplier millis) {
    this.ttlMillis = ttl.toMillis();
    this.millis = millis;
  }

  @Override
  public Set<String> addressesOf(HostName host) {
    long now = millis.getAsLong();
    Entry e = cache.get(host);
    if (e != null && now < e.expiresAt()) {
      return e.addresses();
    }
    Set<String> found = lookup(host);
    cache.put(host, new Entry(found, now + ttlMillis));
    return found;
  }

  private static Set<String> lookup(HostName host) {
    try {
      Set<String> out = new LinkedHashSet<>();
      for (InetAddress a : InetAddress.getAllByName(host.unbracketed())) {
        out.add(AddressLiterals.canonical(a.getHostAddress()));
      }
      return Set.copyOf(out);
    } catch (UnknownHostException | SecurityException e) {
      return Set.of();
    }
  }
}
