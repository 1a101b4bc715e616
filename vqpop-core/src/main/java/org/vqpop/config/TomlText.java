package org.vqpop.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A configuration written as TOML, as {@code vqpop config dump} prints it (Dovecot's {@code
 * doveconf -n}): by default only what differs from the built-in defaults, with {@code all} every
 * key, with {@code origins} a comment naming where each value came from. Secret values are
 * masked. The text reads back into the same configuration.
 */
public final class TomlText {
  private TomlText() {}

  static final String MASK = "\"********\"";

  public static String write(Configuration c, boolean all, boolean origins) {
    StringBuilder out = new StringBuilder();
    String table = "";
    List<String> arrays = new ArrayList<>();
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      @Nullable Object value = k.value().apply(c.config());
      @Nullable Object dflt = k.value().apply(VqpopConfig.DEFAULTS);
      if (value == null || (!all && Objects.equals(value, dflt) && !k.path().equals("tls.sni"))) {
        continue;
      }
      if (value instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>) {
        arrays.add(arrayOfTables(k, l, c, origins));
        continue;
      }
      if (k.path().equals("tls.sni")) {
        continue; // none: an empty array of tables is no text
      }
      if (!k.table().equals(table)) {
        table = k.table();
        out.append(out.isEmpty() ? "" : "\n").append('[').append(table).append("]\n");
      }
      out.append(k.name()).append(" = ").append(k.secret() ? MASK : value(value));
      if (origins) {
        out.append("    # ").append(origin(c.source(k.path())));
      }
      out.append('\n');
    }
    for (String a : arrays) {
      out.append(out.isEmpty() ? "" : "\n").append(a);
    }
    return out.toString();
  }

  private static String arrayOfTables(ConfigKeys.Key k, List<?> tables, Configuration c, boolean origins) {
    StringBuilder out = new StringBuilder();
    for (Object t : tables) {
      out.append(out.isEmpty() ? "" : "\n").append("[[").append(k.path()).append("]]\n");
      for (Map.Entry<?, ?> e : ((Map<?, ?>) t).entrySet()) {
        out.append(e.getKey()).append(" = ").append(value(e.getValue()));
        if (origins) {
          out.append("    # ").append(origin(c.source(k.path() + "." + e.getKey())));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String origin(ConfigLoader.Source s) {
    return switch (s.origin()) {
      case DEFAULT -> "default";
      case FILE -> "file " + s.name();
      case ENVIRONMENT -> "environment " + s.name();
      case OPTION -> "option " + s.name();
    };
  }

  /** A TOML value: a basic string, a whole number, a boolean or an array of those. */
  static String value(@Nullable Object v) {
    return switch (v) {
      case null -> "\"\"";
      case String s -> quote(s);
      case Long l -> Long.toString(l);
      case Integer i -> Integer.toString(i);
      case Boolean b -> Boolean.toString(b);
      case List<?> list -> {
        List<String> parts = new ArrayList<>();
        list.forEach(e -> parts.add(value(e)));
        yield "[" + String.join(", ", parts) + "]";
      }
      default -> quote(v.toString());
    };
  }

  /** A TOML basic string: quotes, backslashes and control characters escaped (TOML 1.0 §String). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
