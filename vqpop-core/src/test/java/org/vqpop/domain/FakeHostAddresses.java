package org.vqpop.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vqpop.address.HostName;

/** Host addresses from a table; records what was asked. */
final class FakeHostAddresses implements HostAddresses {
  final Map<String, Set<String>> table = new HashMap<>();
  final List<String> asked = new ArrayList<>();

  FakeHostAddresses add(String host, String... addresses) {
    table.put(host, Set.of(addresses));
    return this;
  }

  @Override
  public Set<String> addressesOf(HostName host) {
    asked.add(host.name());
    return table.getOrDefault(host.name(), Set.of());
  }
}
