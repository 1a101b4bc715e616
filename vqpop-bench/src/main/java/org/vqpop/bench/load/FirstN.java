package org.vqpop.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 12 §4, "a restarted server is at full speed at once": the wall time of the first
 * {@code --count} logins ({@code --what logins}, connect, USER/PASS or APOP with {@code --mode
 * apop}, STAT, QUIT) or RETRs ({@code --what retrs}, the {@code dl} users' messages in turn, each
 * client reading its own maildrop and logging in again when it has read it all) on
 * {@code --clients} threads, nothing warmed: {@code bench/start} runs it the moment a fresh server
 * listens ({@code --phase start}) and again after a minute of load ({@code --phase warm}). The
 * ratio of the two rates is what the goal judges (at least 80 %).
 */
final class FirstN {
  private FirstN() {}

  static Json run(Target t, Args a) throws Exception {
    String what = a.get("what", "logins");
    int count = a.integer("count", what.equals("logins") ? 1000 : 10000);
    int clients = a.integer("clients", what.equals("logins") ? 16 : 8);
    boolean apop = a.get("mode", "pass").equals("apop");
    List<Target.User> users = t.users(what.equals("retrs") ? "dl" : apop ? "apop" : "user");
    if (users.size() < clients) {
      throw new IllegalArgumentException(clients + " clients need " + clients + " users, the data has " + users.size());
    }
    AtomicLong left = new AtomicLong(count);
    AtomicLong bytes = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    double cpu0 = t.serverCpu();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Target.User u = users.get(what.equals("retrs") ? i + 1 : i); // dl0 is dl1..8's source
      threads.add(Thread.ofPlatform().name("firstn-" + i).start(() -> {
        try {
          if (what.equals("retrs")) {
            retrs(t, u, left, bytes);
          } else {
            logins(t, u, apop, left);
          }
        } catch (IOException | RuntimeException e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }));
    }
    for (Thread th : threads) {
      th.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("first " + count + " " + what + " failed: " + failures.get(0), failures.get(0));
    }
    Json out = t.result("start-N", what + (what.equals("logins") ? " " + (apop ? "apop" : "pass") : "") + " " + count)
        .put("phase", a.get("phase", "start")).put("what", what).put("count", count).put("clients", clients)
        .put("wall_s", wall).put("per_s", count / wall).put("server_cpu_s", t.serverCpu() - cpu0);
    if (what.equals("retrs")) {
      out.put("mb_per_s", bytes.get() / 1e6 / wall);
    }
    if (a.has("aot")) {
      out.put("aot", a.get("aot"));
    }
    java.nio.file.Path loadavg = java.nio.file.Path.of("/proc/loadavg");
    if (java.nio.file.Files.isReadable(loadavg)) {
      out.put("load", Double.parseDouble(java.nio.file.Files.readString(loadavg).split(" ")[0]));
    }
    if (a.has("ready-s")) {
      out.put("ready_s", a.decimal("ready-s", Double.NaN));
    }
    return out;
  }

  private static void logins(Target t, Target.User u, boolean apop, AtomicLong left) throws IOException {
    while (left.getAndDecrement() > 0) {
      try (Pop3Client c = Pop3Client.connect(t.address(), 4096)) {
        if (apop) {
          c.apop(u.login(), u.secret());
        } else {
          c.user(u.login(), u.secret());
        }
        c.stat();
        c.quit();
      }
    }
  }

  private static void retrs(Target t, Target.User u, AtomicLong left, AtomicLong bytes) throws IOException {
    while (left.get() > 0) {
      try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
        c.user(u.login(), u.secret());
        int n = c.stat();
        for (int i = 1; i <= n && left.getAndDecrement() > 0; i++) {
          bytes.addAndGet(c.skip("RETR " + i));
        }
        c.quit();
      }
    }
  }
}
