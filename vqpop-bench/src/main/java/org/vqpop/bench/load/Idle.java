package org.vqpop.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W4: {@code --sessions} sessions of different {@code apop} users logged in with APOP (cheap on
 * both servers, so the setup is not a hashing benchmark) and left idle; the server's memory (all
 * its processes: RSS and PSS from {@code smaps_rollup}) is taken before the first and a few
 * seconds after the last, and reported per session two ways: the whole server's memory with the
 * sessions divided by their number ({@code *_total_per_session}: what a session costs on a server
 * that holds only them, a JVM's heap growth to its default maximum included) and the growth over
 * the idle server ({@code *_per_session}). {@code bench/run} restarts the server first.
 *
 * <p>A session that cannot be opened (the server or this client out of descriptors, a refusal)
 * does not end the run: the sessions held so far are measured and the failures counted, so that
 * {@code --sessions} may be "as many as the machine allows".
 */
final class Idle {
  private Idle() {}

  static Json run(Target t, Args a) throws Exception {
    int sessions = a.integer("sessions", 5000);
    int openers = a.integer("openers", 8);
    double settle = a.decimal("settle", 3);
    // Seconds to keep the sessions open after the measurement: time to look at the server (jcmd).
    double hold = a.decimal("hold", 0);
    List<Target.User> users = t.users("apop");
    if (users.size() < sessions) {
      throw new IllegalArgumentException(sessions + " sessions need as many apop users; the data has " + users.size());
    }
    Proc.Usage before = Proc.usage(t.pid());
    double self0 = Proc.selfCpuSeconds();
    Pop3Client[] open = new Pop3Client[sessions];
    boolean[] held = new boolean[sessions];
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
            held[i] = true;
          } catch (IOException | RuntimeException e) {
            synchronized (failures) {
              failures.add(e);
              if (failures.size() > 100) {
                return; // the limit is reached: stop opening more
              }
            }
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
    if (hold > 0) {
      System.err.println("W4: " + sessions + " sessions open, measured; holding them " + hold + " s");
      Thread.sleep((long) (hold * 1000));
    }
    for (Pop3Client c : open) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // closing only
        }
      }
    }
    int n = 0;
    for (boolean h : held) {
      n += h ? 1 : 0;
    }
    if (n == 0) {
      throw new IllegalStateException("W4: no session could be opened, first failure: " + failures.get(0));
    }
    Json out = t.result("W4", "sessions=" + sessions)
        .put("sessions", sessions).put("held", n).put("failed", failures.size());
    if (!failures.isEmpty()) {
      out.put("first_failure", String.valueOf(failures.get(0)));
    }
    return out.put("open_s", openSeconds)
        .put("rss_kb_before", before.rssKb()).put("rss_kb_after", after.rssKb())
        .put("pss_kb_before", before.pssKb()).put("pss_kb_after", after.pssKb())
        .put("processes", after.processes())
        .put("rss_kb_total_per_session", after.rssKb() / (double) n)
        .put("pss_kb_total_per_session", after.pssKb() / (double) n)
        .put("rss_kb_per_session", (after.rssKb() - before.rssKb()) / (double) n)
        .put("pss_kb_per_session", (after.pssKb() - before.pssKb()) / (double) n)
        .put("server_cpu_s", after.cpuSeconds() - before.cpuSeconds()).put("client_cpu_s", clientCpu);
  }
}
