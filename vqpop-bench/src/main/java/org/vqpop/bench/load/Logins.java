package org.vqpop.bench.load;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * W1: {@code --clients} threads, each with its own user (one session per maildrop), loop connect,
 * USER/PASS (or APOP with {@code --mode apop}), STAT, QUIT for {@code --seconds} after
 * {@code --warmup} seconds. Sessions that end inside the measured window count, with the latency of
 * the whole session (connect to QUIT's reply), p50 and p99.
 *
 * <p>With {@code --phase start} ({@code bench/run} starts it the moment the server listens, with no
 * warm-up) the run is a fresh server's first minute: it also reports the sessions completed in each
 * second ({@code per_second}, for the chart), the latency of each client's first session (the
 * first logins a server gets after a restart) and, given {@code --ready-s}, how long the server
 * took from its start to listening.
 */
final class Logins {
  private Logins() {}

  static Json run(Target t, Args a) throws Exception {
    int clients = a.integer("clients", 16);
    double seconds = a.decimal("seconds", 30);
    double warmup = a.decimal("warmup", 2);
    boolean apop = a.get("mode", "pass").equals("apop");
    String phase = a.get("phase", "steady");
    List<Target.User> users = t.users(apop ? "apop" : "user");
    if (users.size() < clients) {
      throw new IllegalArgumentException(clients + " clients need " + clients + " users, the data has " + users.size());
    }
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long stopAt = measureFrom + (long) (seconds * 1e9);
    Latencies[] lat = new Latencies[clients];
    long[] first = new long[clients];
    AtomicLongArray perSecond = new AtomicLongArray((int) Math.ceil(seconds));
    Thread[] threads = new Thread[clients];
    double[] cpuAtStart = new double[2];
    for (int i = 0; i < clients; i++) {
      Target.User u = users.get(i);
      Latencies l = lat[i] = new Latencies();
      int id = i;
      threads[i] = Thread.ofPlatform().name("w1-" + i).start(() -> {
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= stopAt) {
            return;
          }
          try (Pop3Client c = Pop3Client.connect(t.address(), 4096)) {
            if (apop) {
              c.apop(u.login(), u.secret());
            } else {
              c.user(u.login(), u.secret());
            }
            c.stat();
            c.quit();
          } catch (IOException e) {
            if (errors.incrementAndGet() <= 5) {
              System.err.println("W1 " + t.server() + " " + u.login() + ": " + e.getMessage());
            }
            continue;
          }
          long t1 = System.nanoTime();
          if (first[id] == 0) {
            first[id] = t1 - t0;
          }
          if (t1 >= measureFrom && t1 <= stopAt) { // completed in the window (slow logins span it)
            l.add(t1 - t0);
            int sec = (int) ((t1 - measureFrom) / 1_000_000_000L);
            if (sec < perSecond.length()) {
              perSecond.incrementAndGet(sec);
            }
          }
        }
      });
    }
    // CPU is taken over the measured window only.
    sleepUntil(measureFrom);
    cpuAtStart[0] = t.serverCpu();
    cpuAtStart[1] = Proc.selfCpuSeconds();
    sleepUntil(stopAt);
    double serverCpu = t.serverCpu() - cpuAtStart[0];
    double clientCpu = Proc.selfCpuSeconds() - cpuAtStart[1];
    for (Thread th : threads) {
      th.join();
    }
    Latencies all = new Latencies();
    for (Latencies l : lat) {
      all.addAll(l);
    }
    Json out = t.result("W1", (apop ? "apop" : "pass") + " c=" + clients + " " + phase)
        .put("phase", phase).put("mode", apop ? "apop" : "pass");
    if (phase.equals("start")) {
      Latencies firsts = new Latencies();
      StringBuilder series = new StringBuilder();
      for (long f : first) {
        if (f > 0) {
          firsts.add(f);
        }
      }
      for (int k = 0; k < perSecond.length(); k++) {
        series.append(k == 0 ? "" : " ").append(perSecond.get(k));
      }
      out.put("first_p50_ms", firsts.percentileMillis(50)).put("first_max_ms", firsts.percentileMillis(100))
          .put("per_second", series.toString());
      if (a.has("ready-s")) {
        out.put("ready_s", a.decimal("ready-s", Double.NaN));
      }
    }
    return out
        .put("clients", clients).put("seconds", seconds).put("sessions", all.count())
        .put("sessions_per_s", all.count() / seconds)
        .put("p50_ms", all.percentileMillis(50)).put("p99_ms", all.percentileMillis(99))
        .put("errors", errors.get())
        .put("server_cpu_s", serverCpu).put("client_cpu_s", clientCpu)
        .put("server_cpu_ms_per_session", all.count() == 0 ? Double.NaN : serverCpu * 1000 / all.count());
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }
}
