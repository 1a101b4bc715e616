package org.vqpop.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report judges issue 12's goals on the right rows (qmail-named W3 at the named size, the
 * fresh server's first login, W4 per session of the whole server), says when it stood in a
 * smaller size or measured nothing, and lists qmail-named rows first; the charts get the data.
 */
class GoalsTest {
  @TempDir
  Path dir;

  private static String w3(String server, String kind, int n, String phase, double cold, double warm) {
    return "{\"workload\":\"W3\",\"variant\":\"" + kind + " " + n + " " + phase + "\",\"server\":\"" + server
        + "\",\"kind\":\"" + kind + "\",\"phase\":\"" + phase + "\",\"n\":" + n + ",\"cold_ms\":" + cold
        + ",\"cold_quit_ms\":1.0,\"warm_ms\":" + warm + ",\"client_cpu_s\":0.1}";
  }

  private static String w4(String server, int n, int held, long pssAfter, long pssBefore) {
    return "{\"workload\":\"W4\",\"variant\":\"sessions=" + n + "\",\"server\":\"" + server + "\",\"sessions\":" + n
        + ",\"held\":" + held + ",\"pss_kb_before\":" + pssBefore + ",\"pss_kb_after\":" + pssAfter
        + ",\"pss_kb_total_per_session\":" + (double) pssAfter / held
        + ",\"pss_kb_per_session\":" + (double) (pssAfter - pssBefore) / held + "}";
  }

  private List<Map<String, String>> rows(String... lines) throws IOException {
    Path f = dir.resolve("results.jsonl");
    Files.write(f, List.of(lines));
    return Report.read(f);
  }

  private static Goals.Verdict verdict(List<Goals.Verdict> vs, String start) {
    return vs.stream().filter(v -> v.goal().startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start));
  }

  @Test
  void judgesTheQmailNamedRowsAtTheNamedSizes() throws IOException {
    List<Goals.Verdict> vs = Goals.check(rows(
        // vqpop-named mail is fast for vqpop: it must not count for the qmail goals
        w3("vqpop", "vqpop", 100_000, "steady", 10, 5), w3("dovecot", "vqpop", 100_000, "steady", 1000, 100),
        w3("vqpop", "qmail", 100_000, "steady", 900, 40), w3("dovecot", "qmail", 100_000, "steady", 1000, 100),
        w3("vqpop", "qmail", 100_000, "start", 3000, 50), w3("dovecot", "qmail", 100_000, "start", 2000, 100),
        w3("vqpop", "qmail", 10_000, "steady", 100, 60), w3("dovecot", "qmail", 10_000, "steady", 200, 100)));

    assertThat(verdict(vs, "W3 cold").met()).isFalse();          // 900 / 1000 (vqpop-named: 10 / 1000)
    assertThat(verdict(vs, "W3 cold").goal()).contains("100,000").doesNotContain("standing in");
    assertThat(verdict(vs, "W3 warm <= 1/2 of Dovecot's, qmail-named, 100,000").met()).isTrue(); // 40 / 100
    assertThat(verdict(vs, "first login").met()).isFalse();      // 3000 / 2000
    assertThat(verdict(vs, "W3 warm <= 1/2 of Dovecot's, qmail-named, 10,000").met()).isFalse(); // 60 / 100
    assertThat(verdict(vs, "W2 RETR MB/s >= 2x Dovecot's, 1").met()).isNull();
    assertThat(verdict(vs, "W4 18,000").met()).isNull();
  }

  @Test
  void standsInTheNearestSizeAndSaysSo() throws IOException {
    List<Goals.Verdict> vs = Goals.check(rows(
        w3("vqpop", "qmail", 5000, "steady", 400, 40), w3("dovecot", "qmail", 5000, "steady", 1000, 100)));
    assertThat(verdict(vs, "W3 cold").goal()).contains("5,000 (standing in for 100,000");
    assertThat(verdict(vs, "W3 cold").met()).isTrue();
  }

  @Test
  void w4JudgesTheWholeServerPerSessionAndTheSessionsHeld() throws IOException {
    List<Goals.Verdict> vs = Goals.check(rows(
        // vqpop: a large idle JVM (500 MB) plus little per session; its delta looks tiny
        w4("vqpop", 5000, 5000, 500_000 + 5000 * 10, 500_000), w4("dovecot", 5000, 5000, 5000 * 700, 14_000),
        w4("vqpop", 9000, 9000, 600_000, 500_000)));
    Goals.Verdict pss = verdict(vs, "W4 PSS");
    assertThat(pss.figures()).contains("vqpop 110").contains("Dovecot 700");
    assertThat(pss.met()).isFalse(); // 110 / 700 > 0.1, though the delta (10 KB) would pass
    Goals.Verdict held = verdict(vs, "W4 18,000");
    assertThat(held.figures()).contains("9000");
    assertThat(held.met()).isFalse();
  }

  @Test
  void tableListsQmailFirstAndChartsGetTheData() throws IOException {
    List<Map<String, String>> rows = rows(
        w3("vqpop", "vqpop", 1000, "steady", 10, 5), w3("dovecot", "vqpop", 1000, "steady", 20, 10),
        w3("vqpop", "qmail", 1000, "steady", 30, 15), w3("dovecot", "qmail", 1000, "steady", 40, 20),
        w3("vqpop", "qmail", 1000, "start", 300, 15), w3("dovecot", "qmail", 1000, "start", 400, 20));
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Report.table(rows);
    } finally {
      System.setOut(old);
    }
    List<String> variants = new ArrayList<>();
    for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("W3") && line.contains("cold ms")) {
        variants.add(line.substring(5, 29).trim());
      }
    }
    assertThat(variants).containsExactly("qmail 1000 start", "qmail 1000 steady", "vqpop 1000 steady");

    Charts.main(new String[] {"charts", dir.resolve("results.jsonl").toString(), dir.resolve("charts").toString(), "test"});
    String gp = Files.readString(dir.resolve("charts/w3.gp"));
    assertThat(gp).contains("set output 'w3.png'").contains("qmail 300 400 30 40 15 20").contains("vqpop NaN NaN 10 20 5 10");
    assertThat(gp.indexOf("qmail ")).isLessThan(gp.indexOf("vqpop "));
  }
}
