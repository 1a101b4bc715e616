package org.vqpop.bench.load;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options; every option read must have been given or have a default. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] argv, int from) {
    for (int i = from; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --option value, got " + a);
      }
      values.put(a.substring(2), argv[++i]);
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

  double decimal(String name, double def) {
    return Double.parseDouble(get(name, Double.toString(def)));
  }

  boolean has(String name) {
    return values.containsKey(name);
  }
}
