package org.vqpop.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserDirectory;
import org.vqpop.domain.VirtualDomain;

/** A {@link UserDirectory} in a map; a domain can be made to fail, as an unreadable cdb does. */
public final class InMemoryUserDirectory implements UserDirectory {
  private record Key(VirtualDomain domain, UserName user) {}

  private final Map<Key, Found> users = new ConcurrentHashMap<>();
  private final Map<VirtualDomain, String> failing = new ConcurrentHashMap<>();

  public InMemoryUserDirectory put(VirtualDomain domain, PopUser user, Path home) {
    users.put(new Key(domain, user.name()), new Found(user, home));
    return this;
  }

  /** Replaces every user of {@code domain}. */
  public InMemoryUserDirectory replace(VirtualDomain domain, Map<PopUser, Path> all) {
    users.keySet().removeIf(k -> k.domain().equals(domain));
    all.forEach((u, h) -> put(domain, u, h));
    return this;
  }

  /** From now on lookups in {@code domain} fail with {@code detail}; null to heal. */
  public InMemoryUserDirectory fail(VirtualDomain domain, @Nullable String detail) {
    if (detail == null) {
      failing.remove(domain);
    } else {
      failing.put(domain, detail);
    }
    return this;
  }

  @Override
  public LookupResult lookup(VirtualDomain domain, UserName user) {
    String detail = failing.get(domain);
    if (detail != null) {
      return new Failed(detail);
    }
    Found f = users.get(new Key(domain, user));
    return f != null ? f : new NotFound();
  }
}
