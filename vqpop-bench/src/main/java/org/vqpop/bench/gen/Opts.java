package org.vqpop.bench.gen;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options. */
final class Opts {
  private final Map<String, String> values = new HashMap<>();

  Opts(String[] argv) {
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --option value, got " + argv[i]);
      }
      values.put(argv[i].substring(2), argv[++i]);
    }
  }

  String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  String get(String name, String def) {
    return values.getOrDefault(name, def);
  }

  int integer(String name, int def) {
    return Integer.parseInt(get(name, Integer.toString(def)));
  }
}
