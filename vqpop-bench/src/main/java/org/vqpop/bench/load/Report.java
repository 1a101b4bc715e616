package org.vqpop.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table {@code bench/run} prints: for each workload variant and metric, the median over the
 * rounds for vqpop and for Dovecot, their ratio (vqpop / Dovecot), and whether vqpop is at least
 * as good (the goal, in the metric's direction). Reads the client's JSON lines.
 */
final class Report {
  private Report() {}

  /**
   * A metric: JSON key, label, whether more is better, and issue 5's goal for the vqpop/Dovecot
   * ratio (at least this when more is better, at most this otherwise; NaN: no goal, shown for
   * information).
   */
  record Metric(String key, String label, boolean higherBetter, double goal) {}

  private static final double NONE = Double.NaN;

  static final Map<String, List<Metric>> METRICS = Map.of(
      "W1", List.of(new Metric("sessions_per_s", "sessions/s", true, 1.5), new Metric("p50_ms", "p50 ms", false, NONE),
          new Metric("p99_ms", "p99 ms", false, 1), new Metric("server_cpu_ms_per_session", "server CPU ms/session", false, NONE)),
      "W2", List.of(new Metric("mb_per_s", "MB/s", true, 1.5), new Metric("server_cpu_s_per_gb", "server CPU s/GB", false, NONE)),
      "W3", List.of(new Metric("cold_ms", "cold ms (to UIDL)", false, 1), new Metric("cold_quit_ms", "cold QUIT ms", false, NONE),
          new Metric("warm_ms", "warm ms (to UIDL)", false, 1)),
      "W4", List.of(new Metric("rss_kb_per_session", "RSS KB/session", false, 0.1),
          new Metric("pss_kb_per_session", "PSS KB/session", false, NONE)),
      "W5", List.of(new Metric("dele_quit_ms", "DELE+QUIT ms", false, 1), new Metric("quit_ms", "QUIT ms", false, NONE)),
      "W6", List.of(new Metric("messages_per_s", "messages/s", true, 1.5),
          new Metric("server_cpu_ms_per_message", "server CPU ms/msg", false, NONE)));

  static void main(String[] argv) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(argv[1]))) {
      if (line.startsWith("{")) {
        rows.add(parse(line));
      }
    }
    Map<String, List<Map<String, String>>> byVariant = new LinkedHashMap<>();
    rows.stream()
        .sorted((x, y) -> x.get("workload").compareTo(y.get("workload")))
        .forEach(r -> byVariant.computeIfAbsent(r.get("workload") + "\t" + r.get("variant"), k -> new ArrayList<>()).add(r));
    String fmt = "%-4s %-20s %-24s %12s %12s %8s  %s%n";
    System.out.printf(Locale.ROOT, fmt, "", "variant", "metric", "vqpop", "Dovecot", "ratio", "goal met?");
    for (Map.Entry<String, List<Map<String, String>>> e : byVariant.entrySet()) {
      String[] wv = e.getKey().split("\t");
      List<Map<String, String>> rs = e.getValue();
      for (Metric m : METRICS.getOrDefault(wv[0], List.of())) {
        double v = median(rs, "vqpop", m.key());
        double d = median(rs, "dovecot", m.key());
        double ratio = v / d;
        String bound = (m.higherBetter() ? ">= " : "<= ") + String.format(Locale.ROOT, "%.3g", m.goal());
        String goal = Double.isNaN(m.goal()) ? "" : Double.isNaN(ratio) ? "n/a (" + bound + ")"
            : ((m.higherBetter() ? ratio >= m.goal() : ratio <= m.goal()) ? "yes" : "NO") + " (" + bound + ")";
        System.out.printf(Locale.ROOT, fmt, wv[0], wv[1], m.label(), num(v, rs, "vqpop"), num(d, rs, "dovecot"),
            Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio),
            goal);
      }
      System.out.printf(Locale.ROOT, fmt, wv[0], wv[1], "client CPU s", num(median(rs, "vqpop", "client_cpu_s"), rs, "vqpop"),
          num(median(rs, "dovecot", "client_cpu_s"), rs, "dovecot"), "", "(the load client's own)");
      for (String server : new String[] {"vqpop", "dovecot"}) {
        for (Map<String, String> r : rs) {
          if (r.get("server").equals(server) && r.containsKey("check") && !"ok".equals(r.get("check"))) {
            System.out.printf("     %s %s: check %s%n", server, wv[1], r.get("check"));
          }
          if (r.get("server").equals(server) && r.containsKey("errors") && !"0".equals(r.get("errors"))) {
            System.out.printf("     %s %s round %s: %s errors%n", server, wv[1], r.getOrDefault("round", "?"), r.get("errors"));
          }
        }
      }
    }
  }

  private static String num(double v, List<Map<String, String>> rs, String server) {
    if (Double.isNaN(v)) {
      for (Map<String, String> r : rs) {
        if (r.get("server").equals(server) && r.containsKey("skipped")) {
          return r.get("skipped");
        }
      }
      return "-";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  static double median(List<Map<String, String>> rows, String server, String key) {
    double[] vs = rows.stream()
        .filter(r -> r.get("server").equals(server) && r.get(key) != null && !r.get(key).equals("null"))
        .mapToDouble(r -> Double.parseDouble(r.get(key))).sorted().toArray();
    if (vs.length == 0) {
      return Double.NaN;
    }
    return vs.length % 2 == 1 ? vs[vs.length / 2] : (vs[vs.length / 2 - 1] + vs[vs.length / 2]) / 2;
  }

  /** A flat JSON object of strings, numbers, booleans and nulls (what {@link Json} writes). */
  static Map<String, String> parse(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    int i = line.indexOf('{') + 1;
    while (i < line.length()) {
      i = skipSpace(line, i);
      if (line.charAt(i) == '}') {
        break;
      }
      StringBuilder key = new StringBuilder();
      i = string(line, i, key);
      i = skipSpace(line, i) + 1; // ':'
      i = skipSpace(line, i);
      StringBuilder val = new StringBuilder();
      if (line.charAt(i) == '"') {
        i = string(line, i, val);
      } else {
        while (i < line.length() && ",}".indexOf(line.charAt(i)) < 0) {
          val.append(line.charAt(i++));
        }
      }
      m.put(key.toString(), val.toString().trim());
      i = skipSpace(line, i);
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return m;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int string(String s, int i, StringBuilder out) {
    i++; // opening quote
    while (s.charAt(i) != '"') {
      char c = s.charAt(i++);
      if (c == '\\') {
        char n = s.charAt(i++);
        if (n == 'u') {
          out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        } else {
          out.append(n);
        }
      } else {
        out.append(c);
      }
    }
    return i + 1;
  }

}
