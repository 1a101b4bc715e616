package org.vqpop.bench.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code Main charts RESULTS.jsonl OUTDIR LABEL}: writes one gnuplot script per chart into
 * OUTDIR, data inline, each drawing {@code NAME.png} beside it ({@code bench/run} runs gnuplot on
 * them). Every chart's title carries LABEL (the run's date and mode), so that a quick run's
 * pictures are never taken for results. Values are medians over the rounds, as in the table.
 */
final class Charts {
  private Charts() {}

  static void main(String[] argv) throws IOException {
    List<Map<String, String>> rows = Report.read(Path.of(argv[1]));
    Path out = Path.of(argv[2]);
    String label = argv.length > 3 ? argv[3] : "";
    Files.createDirectories(out);
    w3(rows, out, label);
    w5(rows, out, label);
    firstMinute(rows, out, label);
    w4(rows, out, label);
    ratios(rows, out, label);
  }

  private static String head(String name, String title, String label) {
    return "set terminal pngcairo size 960,540 font 'DejaVu Sans,10'\n"
        + "set output '" + name + ".png'\n"
        + "set title \"" + title + "\\n{/*0.8 " + label.replace("\"", "'") + "}\" enhanced\n"
        + "set key top left\nset grid ytics\n";
  }

  private static double med(List<Map<String, String>> rows, Predicate<Map<String, String>> which, String server, String key) {
    return Report.median(rows.stream().filter(which).toList(), server, key);
  }

  private static String v(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "NaN"
        : new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static List<String> kinds(List<Map<String, String>> rows, String workload) {
    List<String> ks = new ArrayList<>();
    for (String k : Report.KINDS) {
      if (rows.stream().anyMatch(r -> r.get("workload").equals(workload) && k.equals(r.get("kind")))) {
        ks.add(k);
      }
    }
    return ks;
  }

  /** W3 on the largest maildrop, per deliverer: first session after start, cold, warm; both servers. */
  private static void w3(List<Map<String, String>> rows, Path out, String label) throws IOException {
    long n = rows.stream().filter(r -> r.get("workload").equals("W3")).mapToLong(r -> Long.parseLong(r.get("n"))).max().orElse(0);
    if (n == 0) {
      return;
    }
    StringBuilder data = new StringBuilder();
    for (String k : kinds(rows, "W3")) {
      Predicate<Map<String, String>> start = r -> r.get("workload").equals("W3") && k.equals(r.get("kind"))
          && r.get("n").equals(Long.toString(n)) && "start".equals(r.get("phase"));
      Predicate<Map<String, String>> steady = r -> r.get("workload").equals("W3") && k.equals(r.get("kind"))
          && r.get("n").equals(Long.toString(n)) && "steady".equals(r.get("phase"));
      data.append(k).append(' ')
          .append(v(med(rows, start, "vqpop", "cold_ms"))).append(' ').append(v(med(rows, start, "dovecot", "cold_ms"))).append(' ')
          .append(v(med(rows, steady, "vqpop", "cold_ms"))).append(' ').append(v(med(rows, steady, "dovecot", "cold_ms"))).append(' ')
          .append(v(med(rows, steady, "vqpop", "warm_ms"))).append(' ').append(v(med(rows, steady, "dovecot", "warm_ms")))
          .append('\n');
    }
    String gp = head("w3", String.format(Locale.ROOT, "W3: login, STAT, LIST, UIDL of %,d messages, by who named them (ms, log scale)", n), label)
        + "$d << EOD\n" + data + "EOD\n"
        + "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.85 border -1\n"
        + "set logscale y\nset ylabel 'ms to the end of UIDL'\nset key outside bottom center horizontal maxrows 2\n"
        + "plot $d using 2:xtic(1) title 'vqpop first after start' lc rgb '#08519c', '' using 3 title 'Dovecot first after start' lc rgb '#a50f15', "
        + "'' using 4 title 'vqpop cold' lc rgb '#3182bd', '' using 5 title 'Dovecot cold' lc rgb '#de2d26', "
        + "'' using 6 title 'vqpop warm' lc rgb '#9ecae1', '' using 7 title 'Dovecot warm' lc rgb '#fc9272'\n";
    Files.writeString(out.resolve("w3.gp"), gp);
  }

  private static void w5(List<Map<String, String>> rows, Path out, String label) throws IOException {
    List<String> ks = kinds(rows, "W5");
    if (ks.isEmpty()) {
      return;
    }
    StringBuilder data = new StringBuilder();
    String n = "";
    for (String k : ks) {
      Predicate<Map<String, String>> p = r -> r.get("workload").equals("W5") && k.equals(r.get("kind"));
      n = rows.stream().filter(p).map(r -> r.get("n")).findFirst().orElse("");
      data.append(k).append(' ').append(v(med(rows, p, "vqpop", "dele_quit_ms"))).append(' ')
          .append(v(med(rows, p, "dovecot", "dele_quit_ms"))).append('\n');
    }
    String gp = head("w5", "W5: DELE of every second message of " + n + ", then QUIT (ms), by who named them", label)
        + "$d << EOD\n" + data + "EOD\n"
        + "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.85 border -1\n"
        + "set yrange [0:*]\nset ylabel 'ms for the DELEs and QUIT'\n"
        + "plot $d using 2:xtic(1) title 'vqpop' lc rgb '#3182bd', '' using 3 title 'Dovecot' lc rgb '#de2d26'\n";
    Files.writeString(out.resolve("w5.gp"), gp);
  }

  /** W1 logins in each second of a fresh server's first minute (the first round's run). */
  private static void firstMinute(List<Map<String, String>> rows, Path out, String label) throws IOException {
    String[] series = new String[2];
    String[] servers = {"vqpop", "dovecot"};
    for (int i = 0; i < 2; i++) {
      String s = servers[i];
      series[i] = rows.stream().filter(r -> r.get("workload").equals("W1") && "start".equals(r.get("phase"))
          && r.get("server").equals(s) && r.containsKey("per_second")).map(r -> r.get("per_second")).findFirst().orElse("");
    }
    if (series[0].isEmpty() && series[1].isEmpty()) {
      return;
    }
    String[] a = series[0].isEmpty() ? new String[0] : series[0].split(" ");
    String[] b = series[1].isEmpty() ? new String[0] : series[1].split(" ");
    StringBuilder data = new StringBuilder();
    for (int k = 0; k < Math.max(a.length, b.length); k++) {
      data.append(k + 1).append(' ').append(k < a.length ? a[k] : "NaN").append(' ').append(k < b.length ? b[k] : "NaN").append('\n');
    }
    String[] ready = new String[2];
    for (int i = 0; i < 2; i++) {
      String s = servers[i];
      ready[i] = Report.num(med(rows, r -> r.get("workload").equals("W1") && "start".equals(r.get("phase")), s, "ready_s"),
          List.of(), s);
    }
    String gp = head("w1-first-minute", "W1: logins completed in each second after a fresh start (16 clients, USER/PASS, STAT, QUIT)\\n"
        + "listening " + ready[0] + " s (vqpop) and " + ready[1] + " s (Dovecot) after the start", label)
        + "$d << EOD\n" + data + "EOD\n"
        + "set xlabel 'second after the server listens'\nset ylabel 'sessions in that second'\nset yrange [0:*]\n"
        + "plot $d using 1:2 with linespoints title 'vqpop' lc rgb '#3182bd', '' using 1:3 with linespoints title 'Dovecot' lc rgb '#de2d26'\n";
    Files.writeString(out.resolve("w1-first-minute.gp"), gp);
  }

  private static void w4(List<Map<String, String>> rows, Path out, String label) throws IOException {
    List<Long> levels = rows.stream().filter(r -> r.get("workload").equals("W4")).map(r -> Long.parseLong(r.get("sessions")))
        .distinct().sorted().toList();
    if (levels.isEmpty()) {
      return;
    }
    StringBuilder data = new StringBuilder();
    for (long n : levels) {
      Predicate<Map<String, String>> p = r -> r.get("workload").equals("W4") && r.get("sessions").equals(Long.toString(n));
      data.append(n).append(' ')
          .append(v(med(rows, p, "vqpop", "pss_kb_total_per_session") / 1024)).append(' ')
          .append(v(med(rows, p, "dovecot", "pss_kb_total_per_session") / 1024)).append(' ')
          .append(v(med(rows, p, "vqpop", "rss_kb_total_per_session") / 1024)).append(' ')
          .append(v(med(rows, p, "dovecot", "rss_kb_total_per_session") / 1024)).append(' ')
          .append(v(med(rows, p, "vqpop", "pss_kb_per_session") / 1024)).append(' ')
          .append(v(med(rows, p, "dovecot", "pss_kb_per_session") / 1024)).append('\n');
    }
    String gp = head("w4", "W4: memory per idle authenticated session (MB, log scale): whole server / N, and growth over the idle server / N", label)
        + "$d << EOD\n" + data + "EOD\n"
        + "set logscale y\nset xlabel 'idle sessions N'\nset ylabel 'MB per session'\nset key outside bottom center horizontal maxrows 3\n"
        + "plot $d using 1:2 with linespoints title 'vqpop PSS total/N' lc rgb '#08519c' pt 7, "
        + "'' using 1:3 with linespoints title 'Dovecot PSS total/N' lc rgb '#a50f15' pt 7, "
        + "'' using 1:4 with linespoints title 'vqpop RSS total/N' lc rgb '#3182bd' dt 2 pt 6, "
        + "'' using 1:5 with linespoints title 'Dovecot RSS total/N' lc rgb '#de2d26' dt 2 pt 6, "
        + "'' using 1:6 with linespoints title 'vqpop PSS delta/N' lc rgb '#9ecae1' dt 3 pt 4, "
        + "'' using 1:7 with linespoints title 'Dovecot PSS delta/N' lc rgb '#fc9272' dt 3 pt 4\n";
    Files.writeString(out.resolve("w4.gp"), gp);
  }

  /** vqpop / Dovecot for the throughput workloads (W1, W2, W6), steady state, with the goals. */
  private static void ratios(List<Map<String, String>> rows, Path out, String label) throws IOException {
    StringBuilder data = new StringBuilder();
    rows.stream().filter(r -> List.of("W1", "W2", "W6").contains(r.get("workload")) && !"start".equals(r.get("phase")))
        .sorted(Report.ORDER).map(r -> r.get("workload") + "\t" + r.get("variant")).distinct().forEach(wv -> {
          String[] f = wv.split("\t");
          String key = switch (f[0]) {
            case "W1" -> "sessions_per_s";
            case "W2" -> "mb_per_s";
            default -> "messages_per_s";
          };
          double goal = switch (f[0]) {
            case "W1" -> f[1].startsWith("apop") ? 3 : Double.NaN;
            default -> 2;
          };
          Predicate<Map<String, String>> p = r -> r.get("workload").equals(f[0]) && r.get("variant").equals(f[1]);
          double ratio = med(rows, p, "vqpop", key) / med(rows, p, "dovecot", key);
          data.append('"').append(f[0]).append(' ').append(f[1].replace(" steady", "")).append("\" ")
              .append(v(ratio)).append(' ').append(v(goal)).append('\n');
        });
    if (data.isEmpty()) {
      return;
    }
    String gp = head("throughput", "W1 logins/s, W2 MB/s, W6 messages/s: vqpop / Dovecot (steady state; points: the goal)", label)
        + "$d << EOD\n" + data + "EOD\n"
        + "set style fill solid 0.85 border -1\nset boxwidth 0.6\nset logscale y\nset yrange [0.1:*]\nset xtics rotate by -30\n"
        + "set key top right\nset ylabel 'vqpop / Dovecot (log scale)'\n"
        + "plot $d using 0:2:xtic(1) with boxes title 'vqpop / Dovecot' lc rgb '#3182bd', "
        + "'' using 0:3 with points pt 9 ps 2 lc rgb '#000000' title 'goal', 1 with lines dt 2 lc rgb '#555555' title 'equal'\n";
    Files.writeString(out.resolve("throughput.gp"), gp);
  }
}
