package org.vqpop.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2: {@code --clients} users at once (the {@code dl} users from {@code --first}), each RETR of
 * every message of its maildrop, one command at a time, then QUIT without deleting. Before the
 * clock starts each maildrop is read once (login, STAT, RETR of its first {@code --warmup}
 * messages, all of them by default, QUIT), so that neither server is timed on its first sight of
 * a maildrop (Dovecot builds its index then; W3 measures that), on files the previous workload's
 * dropped page cache left on disk (W3 drops it, and the other server's W2 may come next), nor on
 * a cold JIT. Reports MB/s (10^6 octets of replies) and server CPU seconds per GB.
 */
final class Download {
  private Download() {}

  static Json run(Target t, Args a) throws Exception {
    int clients = a.integer("clients", 1);
    int first = a.integer("first", 0);
    List<Target.User> users = t.users("dl");
    if (users.size() < first + clients) {
      throw new IllegalArgumentException("need " + (first + clients) + " dl users, the data has " + users.size());
    }
    List<Target.User> mine = users.subList(first, first + clients);
    int warmup = a.integer("warmup", Integer.MAX_VALUE);
    for (Target.User u : mine) {
      try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
        c.user(u.login(), u.secret());
        int n = c.stat();
        // Untimed warm-up, the same for both servers: the files in the page cache, and a
        // JIT-compiled server measured compiled, as it runs after its first minutes.
        for (int i = 1; i <= Math.min(n, warmup); i++) {
          c.skip("RETR " + i);
        }
        c.quit();
      }
    }
    AtomicLong bytes = new AtomicLong();
    AtomicLong messages = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    double cpu0 = t.serverCpu();
    double self0 = Proc.selfCpuSeconds();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (Target.User u : mine) {
      threads.add(Thread.ofPlatform().start(() -> {
        try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
          c.user(u.login(), u.secret());
          int n = c.stat();
          long b = 0;
          for (int i = 1; i <= n; i++) {
            b += c.skip("RETR " + i);
          }
          c.quit();
          bytes.addAndGet(b);
          messages.addAndGet(n);
        } catch (Exception e) {
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
    double serverCpu = t.serverCpu() - cpu0;
    double clientCpu = Proc.selfCpuSeconds() - self0;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("W2 failed: " + failures.get(0), failures.get(0));
    }
    return t.result("W2", "users=" + clients)
        .put("clients", clients).put("messages", messages.get()).put("bytes", bytes.get())
        .put("wall_s", wall).put("mb_per_s", bytes.get() / 1e6 / wall)
        .put("server_cpu_s", serverCpu).put("client_cpu_s", clientCpu)
        .put("server_cpu_s_per_gb", serverCpu / (bytes.get() / 1e9));
  }
}
