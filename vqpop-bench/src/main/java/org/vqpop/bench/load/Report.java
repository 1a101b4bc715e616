package org.vqpop.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table {@code bench/run} prints: for each workload variant and metric, the median over the
 * rounds for vqpop and for Dovecot and their ratio (vqpop / Dovecot); then issue 12's goals, each
 * met or not met (or not measured in this run). Reads the client's JSON lines. W3 and W5 rows come
 * in the order of the deliverers ({@code qmail} first: the seed's world), each server's first
 * minute ({@code start}) before its steady state.
 */
final class Report {
  private Report() {}

  /** A metric: JSON key and label. */
  record Metric(String key, String label) {}

  static final Map<String, List<Metric>> METRICS = Map.of(
      "W1", List.of(new Metric("sessions_per_s", "sessions/s"), new Metric("p50_ms", "p50 ms"),
          new Metric("p99_ms", "p99 ms"), new Metric("first_p50_ms", "first session p50 ms"),
          new Metric("first_max_ms", "first session max ms"), new Metric("ready_s", "start to listening s"),
          new Metric("server_cpu_ms_per_session", "server CPU ms/session")),
      "W2", List.of(new Metric("mb_per_s", "MB/s"), new Metric("server_cpu_s_per_gb", "server CPU s/GB")),
      "W3", List.of(new Metric("cold_ms", "cold ms (to UIDL)"), new Metric("cold_quit_ms", "cold QUIT ms"),
          new Metric("warm_ms", "warm ms (to UIDL)"), new Metric("again_ms", "unchanged, 2.5 s later, ms"),
          new Metric("known_cold_ms", "known, page cache dropped, ms")),
      "W4", List.of(new Metric("held", "sessions held"), new Metric("rss_kb_before", "idle server RSS KB"),
          new Metric("pss_kb_before", "idle server PSS KB"),
          new Metric("rss_kb_total_per_session", "RSS total/N KB"), new Metric("pss_kb_total_per_session", "PSS total/N KB"),
          new Metric("rss_kb_per_session", "RSS delta/N KB"), new Metric("pss_kb_per_session", "PSS delta/N KB"),
          new Metric("open_s", "seconds to open")),
      "W5", List.of(new Metric("dele_quit_ms", "DELE+QUIT ms"), new Metric("quit_ms", "QUIT ms")),
      "W6", List.of(new Metric("messages_per_s", "messages/s"),
          new Metric("server_cpu_ms_per_message", "server CPU ms/msg")));

  /** Deliverers in table order: the seed's world first. */
  static final List<String> KINDS = List.of("qmail", "postfix", "dovecot", "vqpop", "mix");

  static void main(String[] argv) throws IOException {
    List<Map<String, String>> rows = read(Path.of(argv[1]));
    table(rows);
    System.out.println();
    Goals.print(rows);
  }

  static List<Map<String, String>> read(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("{")) {
        rows.add(parse(line));
      }
    }
    return rows;
  }

  /** Sort key of a row: workload, deliverer (qmail first), size, phase (start first), variant. */
  static final Comparator<Map<String, String>> ORDER = Comparator
      .comparing((Map<String, String> r) -> r.get("workload"))
      .thenComparingInt(r -> r.containsKey("kind") ? KINDS.indexOf(r.get("kind")) : -1)
      .thenComparingLong(r -> r.containsKey("n") ? Long.parseLong(r.get("n"))
          : r.containsKey("sessions") && r.get("workload").equals("W4") ? Long.parseLong(r.get("sessions")) : 0)
      .thenComparing(r -> r.getOrDefault("phase", "steady").equals("start") ? 0 : 1)
      .thenComparing(r -> r.get("variant"));

  static void table(List<Map<String, String>> rows) {
    Map<String, List<Map<String, String>>> byVariant = new LinkedHashMap<>();
    rows.stream().filter(r -> METRICS.containsKey(r.get("workload"))).sorted(ORDER)
        .forEach(r -> byVariant.computeIfAbsent(r.get("workload") + "\t" + r.get("variant"), k -> new ArrayList<>()).add(r));
    String fmt = "%-4s %-24s %-24s %12s %12s %8s%n";
    System.out.printf(Locale.ROOT, fmt, "", "variant", "metric", "vqpop", "Dovecot", "ratio");
    for (Map.Entry<String, List<Map<String, String>>> e : byVariant.entrySet()) {
      String[] wv = e.getKey().split("\t");
      List<Map<String, String>> rs = e.getValue();
      for (Metric m : METRICS.get(wv[0])) {
        double v = median(rs, "vqpop", m.key());
        double d = median(rs, "dovecot", m.key());
        if (Double.isNaN(v) && Double.isNaN(d) && !m.key().equals(METRICS.get(wv[0]).get(0).key())) {
          continue; // a metric only some variants have (the first minute's)
        }
        double ratio = v / d;
        System.out.printf(Locale.ROOT, fmt, wv[0], wv[1], m.label(), num(v, rs, "vqpop"), num(d, rs, "dovecot"),
            Double.isNaN(ratio) || Double.isInfinite(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio));
      }
      System.out.printf(Locale.ROOT, fmt, wv[0], wv[1], "client CPU s", num(median(rs, "vqpop", "client_cpu_s"), rs, "vqpop"),
          num(median(rs, "dovecot", "client_cpu_s"), rs, "dovecot"), "");
      for (String server : new String[] {"vqpop", "dovecot"}) {
        for (Map<String, String> r : rs) {
          if (!r.get("server").equals(server)) {
            continue;
          }
          if (r.containsKey("check") && !"ok".equals(r.get("check"))) {
            System.out.printf("     %s %s: check %s%n", server, wv[1], r.get("check"));
          }
          if (r.containsKey("errors") && !"0".equals(r.get("errors"))) {
            System.out.printf("     %s %s round %s: %s errors%n", server, wv[1], r.getOrDefault("round", "?"), r.get("errors"));
          }
          if (r.containsKey("failed") && !"0".equals(r.get("failed"))) {
            System.out.printf("     %s %s round %s: %s sessions failed to open (%s)%n", server, wv[1],
                r.getOrDefault("round", "?"), r.get("failed"), r.getOrDefault("first_failure", "?"));
          }
        }
      }
    }
  }

  static String num(double v, List<Map<String, String>> rs, String server) {
    if (Double.isNaN(v)) {
      for (Map<String, String> r : rs) {
        if (r.get("server").equals(server) && r.containsKey("skipped")) {
          return r.get("skipped");
        }
      }
      return "-";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  static double median(List<Map<String, String>> rows, String server, String key) {
    double[] vs = rows.stream()
        .filter(r -> r.get("server").equals(server) && r.get(key) != null && !r.get(key).equals("null")
            && !r.get(key).isEmpty())
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
