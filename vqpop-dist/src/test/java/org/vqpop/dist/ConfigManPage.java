package org.vqpop.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vqpop.config.ConfigKeys;
import org.vqpop.config.VqpopConfig;

/**
 * Makes the {@code vqpop.toml(5)} man page from the shipped {@code conf/vqpop.toml}: its comments
 * are the prose, its key lines the entries, and each key's default comes from {@link ConfigKeys}
 * (what the binder gives for an absent key). {@link ConfigManPageIT} keeps the committed page
 * equal to what this makes.
 */
final class ConfigManPage {
  private ConfigManPage() {}

  static final Pattern TABLE = Pattern.compile("^#?\\[(\\[?)([a-z0-9_.]+)\\]\\]?\\s*$");
  static final Pattern KEY = Pattern.compile("^#?([a-z0-9_]+) = (.*?)(?:\\s+#\\s*(.*))?$");

  static String make(List<String> shipped) {
    StringBuilder out = new StringBuilder();
    out.append(".\\\" Made from conf/vqpop.toml by ConfigManPage (vqpop-dist tests); edit that file, not this one.\n");
    out.append(".TH VQPOP.TOML 5 \"2026\" vqpop \"vqpop\"\n");
    out.append(".ad l\n"); // long lists of names: no justified lines
    out.append(".SH NAME\nvqpop.toml \\- configuration of vqpop\n");
    out.append(".SH SYNOPSIS\n.B /etc/vqpop/vqpop.toml\n");
    out.append(".SH DESCRIPTION\n");
    List<String> prose = new ArrayList<>();
    String table = "";
    boolean header = true;
    for (String line : shipped) {
      Matcher t = TABLE.matcher(line);
      Matcher k = KEY.matcher(line);
      if (line.isBlank()) {
        if (header && !prose.isEmpty()) {
          paragraph(out, prose);
          header = false;
        }
        continue;
      }
      if (t.matches()) {
        flush(out, prose);
        table = t.group(2);
        out.append(".SH \"").append(t.group(1).isEmpty() ? "[" + table + "]" : "[[" + table + "]]").append("\"\n");
      } else if (k.matches()) {
        if (header) {
          out.append(".SH \"TOP-LEVEL KEYS\"\n");
          header = false;
        }
        flush(out, prose);
        String key = table.isEmpty() ? k.group(1) : table + "." + k.group(1);
        out.append(".TP\n.B ").append(escape(k.group(1))).append('\n');
        List<String> text = new ArrayList<>();
        if (k.group(3) != null) {
          text.add(capitalize(k.group(3)) + ".");
        }
        String d = dflt(key);
        if (!line.startsWith("#")) {
          text.add("In the shipped file: " + k.group(2) + ".");
        } else if (!k.group(2).equals(d)) {
          text.add("For example: " + k.group(2) + ".");
        }
        if (d.length() > 60) {
          // a long list: one name a line
          out.append(escape(String.join(" ", text) + " Default:")).append('\n');
          for (String part : d.substring(1, d.length() - 1).split(", ")) {
            out.append(".br\n").append(escape(part)).append('\n');
          }
        } else {
          text.add("Default: " + d + ".");
          out.append(escape(String.join(" ", text))).append('\n');
        }
      } else if (line.startsWith("# ") || line.equals("#")) {
        prose.add(line.length() > 2 ? line.substring(2) : "");
      }
    }
    flush(out, prose);
    out.append(".SH \"SEE ALSO\"\n.BR vqpop (8),\n.BR chkpoppass (8)\n");
    return out.toString();
  }

  private static String dflt(String key) {
    String path = key.startsWith("tls.sni.") ? "tls.sni" : key;
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      if (k.path().equals(path)) {
        Object v = k.value().apply(VqpopConfig.DEFAULTS);
        if (v == null || (v instanceof List<?> l && l.isEmpty() && path.equals("tls.sni"))) {
          return "none";
        }
        if (v instanceof List<?> l) {
          return l.isEmpty() ? "[]" : "[" + String.join(", ", l.stream().map(e -> "\"" + e + "\"").toList()) + "]";
        }
        if (v instanceof Map<?, ?>) {
          return "none";
        }
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
      }
    }
    throw new IllegalStateException("no such key: " + key);
  }

  /** Prose before a key or table becomes a paragraph of its own. */
  private static void flush(StringBuilder out, List<String> prose) {
    if (!prose.isEmpty()) {
      out.append(".PP\n");
      paragraph(out, prose);
    }
  }

  private static void paragraph(StringBuilder out, List<String> prose) {
    out.append(escape(String.join(" ", prose).strip())).append('\n');
    prose.clear();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** roff: backslashes doubled, a leading dot or quote protected, hyphens of options kept as minus signs. */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
