package org.vqpop.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W4: {@code --sessions} sessions of different {@code apop} users logged in with APOP (cheap on
 * both servers, so the setup is not a hashing benchmark) and left idle; the server's memory (all
 * its processes: RSS and PSS from {@code smaps_rollup}) is taken before the first and a few
 * seconds after the last, and reported per session. {@code bench/run} restarts the server first.
 */
final class Idle {
  private Idle() {}

  static Json run(Target t, Args a) throws Exception {
    int sessions = a.integer("sessions", 5000);
    int openers = a.integer("openers", 8);
    double settle = a.decimal("settle", 3);
    List<Target.User> users = t.users("apop");
    if (users.size() < sessions) {
      throw new IllegalArgumentException(sessions + " sessions need as many apop users; the data has " + users.size());
    }
    Proc.Usage before = Proc.usage(t.pid());
    double self0 = Proc.selfCpuSeconds();
    Pop3Client[] open = new Pop3Client[sessions];
    AtomicInteger next = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < openers; k++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i; (i = next.getAndIncrement()) < sessions; ) {
          Target.User u = users.get(i);
          try {
            Pop3Client c = Pop3Client.connect(t.address(), 512);
            open[i] = c;
            c.apop(u.login(), u.secret());
            c.stat();
          } catch (IOException e) {
            synchronized (failures) {
              failures.add(e);
            }
            return;
          }
        }
      }));
    }
    for (Thread th : threads) {
      th.join();
    }
    double openSeconds = (System.nanoTime() - t0) / 1e9;
    Thread.sleep((long) (settle * 1000));
    Proc.Usage after = Proc.usage(t.pid());
    double clientCpu = Proc.selfCpuSeconds() - self0;
    for (Pop3Client c : open) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // closing only
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("W4: " + failures.size() + " sessions failed, first: " + failures.get(0));
    }
    return t.result("W4", "sessions=" + sessions)
        .put("sessions", sessions).put("open_s", openSeconds)
        .put("rss_kb_before", before.rssKb()).put("rss_kb_after", after.rssKb())
        .put("pss_kb_before", before.pssKb()).put("pss_kb_after", after.pssKb())
        .put("processes", after.processes())
        .put("rss_kb_per_session", (after.rssKb() - before.rssKb()) / (double) sessions)
        .put("pss_kb_per_session", (after.pssKb() - before.pssKb()) / (double) sessions)
        .put("server_cpu_s", after.cpuSeconds() - before.cpuSeconds()).put("client_cpu_s", clientCpu);
  }
}
