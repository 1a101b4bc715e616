package org.vqpop.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Issue 12's goals, checked against a run's results: each printed as {@code met}, {@code NOT met}
 * or {@code not measured}, with the figures it was judged on. Where the run lacks the size a goal
 * names (a quick run has no 100,000-message maildrop), the nearest size measured stands in and
 * the line says so: such a verdict checks the harness, not the goal.
 */
final class Goals {
  private Goals() {}

  /** One verdict: the goal's text, the figures, and met (null: not measured). */
  record Verdict(String goal, String figures, Boolean met) {}

  static void print(List<Map<String, String>> rows) {
    System.out.println("Goals of issue 12 (medians; vqpop against Dovecot in the same run)");
    for (Verdict v : check(rows)) {
      String state = v.met() == null ? "not measured" : v.met() ? "met" : "NOT met";
      System.out.printf(Locale.ROOT, "  %-12s %s%n  %12s   %s%n", state, v.goal(), "", v.figures());
    }
  }

  static List<Verdict> check(List<Map<String, String>> rows) {
    List<Verdict> out = new ArrayList<>();
    // W3 on qmail-named mail: the seed's world.
    OptionalLong big = size(rows, "W3", "qmail", 100_000, true);
    OptionalLong small = size(rows, "W3", "qmail", 10_000, false);
    String bigText = sizeText(big, 100_000);
    out.add(ratio(rows, "W3 cold (a maildrop both have indexed, page cache dropped) <= 1/2 of Dovecot's, qmail-named, "
        + bigText, w3(big, "qmail", "steady"), "known_cold_ms", 0.5, false));
    out.add(ratio(rows, "W3 warm <= 1/2 of Dovecot's, qmail-named, " + bigText,
        w3(big, "qmail", "steady"), "warm_ms", 0.5, false));
    out.add(ratio(rows, "first login after a fresh start (W3 cold, qmail-named, " + bigText + ") no slower than Dovecot's first",
        w3(big, "qmail", "start"), "cold_ms", 1.0, false));
    out.add(ratio(rows, "W3 warm <= 1/2 of Dovecot's, qmail-named, " + sizeText(small, 10_000),
        w3(small, "qmail", "steady"), "warm_ms", 0.5, false));
    for (String kind : Report.KINDS) {
      if (rows.stream().anyMatch(r -> r.get("workload").equals("W5") && kind.equals(r.get("kind")))) {
        out.add(ratio(rows, "W5 DELE+QUIT no slower than Dovecot, " + kind + "-named",
            r -> r.get("workload").equals("W5") && kind.equals(r.get("kind")), "dele_quit_ms", 1.0, false));
      }
    }
    for (String users : new String[] {"1", "8"}) {
      Predicate<Map<String, String>> w2 = r -> r.get("workload").equals("W2") && r.get("variant").equals("users=" + users);
      out.add(ratio(rows, "W2 RETR MB/s >= 2x Dovecot's, " + users + " user(s)", w2, "mb_per_s", 2.0, true));
      out.add(absolute(rows, "W2 server CPU < 2 s per GB, " + users + " user(s)", w2, "server_cpu_s_per_gb", 2.0));
    }
    out.add(ratio(rows, "W1 logins/s >= 3x Dovecot's with plain secrets (APOP: no hashing on either side), steady",
        r -> r.get("workload").equals("W1") && "apop".equals(r.get("mode")) && !"start".equals(r.get("phase")),
        "sessions_per_s", 3.0, true));
    rows.stream().filter(r -> r.get("workload").equals("W6")).map(r -> r.get("variant")).distinct().sorted()
        .forEach(v -> out.add(ratio(rows, "W6 LMTP messages/s >= 2x Dovecot's, " + v,
            r -> r.get("workload").equals("W6") && r.get("variant").equals(v), "messages_per_s", 2.0, true)));
    OptionalLong w4 = w4Level(rows);
    out.add(ratio(rows, "W4 PSS per idle session (whole server / N) <= 1/10 of Dovecot's, " + sizeText(w4, 5000) + " sessions",
        r -> r.get("workload").equals("W4") && w4.isPresent() && r.get("sessions").equals(Long.toString(w4.getAsLong())),
        "pss_kb_total_per_session", 0.1, false));
    double held = rows.stream().filter(r -> r.get("workload").equals("W4") && r.get("server").equals("vqpop") && r.containsKey("held"))
        .mapToDouble(r -> Double.parseDouble(r.get("held"))).max().orElse(Double.NaN);
    out.add(new Verdict("W4 18,000 idle sessions held by vqpop", Double.isNaN(held) ? "no W4 run"
        : String.format(Locale.ROOT, "most held: %.0f", held), Double.isNaN(held) ? null : held >= 18_000));
    return out;
  }

  private static Predicate<Map<String, String>> w3(OptionalLong n, String kind, String phase) {
    return r -> r.get("workload").equals("W3") && kind.equals(r.get("kind")) && phase.equals(r.get("phase"))
        && n.isPresent() && r.get("n").equals(Long.toString(n.getAsLong()));
  }

  /** The size the goal names if measured, else the largest ({@code largest}) or smallest one measured. */
  private static OptionalLong size(List<Map<String, String>> rows, String workload, String kind, long want, boolean largest) {
    List<Long> ns = rows.stream().filter(r -> r.get("workload").equals(workload) && kind.equals(r.get("kind")))
        .map(r -> Long.parseLong(r.get("n"))).distinct().sorted().toList();
    if (ns.isEmpty()) {
      return OptionalLong.empty();
    }
    if (ns.contains(want)) {
      return OptionalLong.of(want);
    }
    return OptionalLong.of(largest ? ns.get(ns.size() - 1) : ns.get(0));
  }

  /** The W4 level both servers ran nearest 5,000 (5,000 itself if there). */
  private static OptionalLong w4Level(List<Map<String, String>> rows) {
    List<Long> both = rows.stream().filter(r -> r.get("workload").equals("W4") && r.get("server").equals("dovecot"))
        .map(r -> Long.parseLong(r.get("sessions")))
        .filter(n -> rows.stream().anyMatch(r -> r.get("workload").equals("W4") && r.get("server").equals("vqpop")
            && r.get("sessions").equals(Long.toString(n))))
        .distinct().sorted(java.util.Comparator.comparingLong(n -> Math.abs(n - 5000))).toList();
    return both.isEmpty() ? OptionalLong.empty() : OptionalLong.of(both.get(0));
  }

  private static String sizeText(OptionalLong n, long want) {
    if (n.isEmpty()) {
      return String.format(Locale.ROOT, "%,d", want);
    }
    return n.getAsLong() == want ? String.format(Locale.ROOT, "%,d", want)
        : String.format(Locale.ROOT, "%,d (standing in for %,d: this run has no %,d)", n.getAsLong(), want, want);
  }

  private static Verdict ratio(List<Map<String, String>> rows, String goal, Predicate<Map<String, String>> which,
      String key, double bound, boolean higherBetter) {
    List<Map<String, String>> rs = rows.stream().filter(which).toList();
    double v = Report.median(rs, "vqpop", key);
    double d = Report.median(rs, "dovecot", key);
    if (Double.isNaN(v) || Double.isNaN(d) || d == 0) {
      return new Verdict(goal, "vqpop " + Report.num(v, rs, "vqpop") + ", Dovecot " + Report.num(d, rs, "dovecot"), null);
    }
    double ratio = v / d;
    boolean met = higherBetter ? ratio >= bound : ratio <= bound;
    return new Verdict(goal, String.format(Locale.ROOT, "%s: vqpop %s, Dovecot %s, ratio %.2f (goal %s %.2f)", key,
        Report.num(v, rs, "vqpop"), Report.num(d, rs, "dovecot"), ratio, higherBetter ? ">=" : "<=", bound), met);
  }

  private static Verdict absolute(List<Map<String, String>> rows, String goal, Predicate<Map<String, String>> which,
      String key, double below) {
    List<Map<String, String>> rs = rows.stream().filter(which).toList();
    double v = Report.median(rs, "vqpop", key);
    if (Double.isNaN(v)) {
      return new Verdict(goal, "vqpop -", null);
    }
    return new Verdict(goal, String.format(Locale.ROOT, "%s: vqpop %s (goal < %.2f)", key, Report.num(v, rs, "vqpop"), below),
        v < below);
  }
}
