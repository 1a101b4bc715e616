package org.vqpop.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * W3: login, STAT, LIST and UIDL of a large maildrop, twice: the first session on a fresh copy
 * ({@code bench/run} drops the page cache before it, so this is both servers' first sight of the
 * maildrop, and Dovecot builds its index), then a second one at once. Times each session up to
 * the end of UIDL, and its QUIT separately (vqpop moves {@code new/} to {@code cur/} at the
 * first QUIT, Dovecot while opening the maildrop).
 *
 * <p>{@code --kind} names the deliverer whose names the maildrop carries and {@code --phase} when
 * in the server's life the run happens: {@code start}, the first session of a server just started
 * by its launcher (its first minute, nothing warmed), or {@code steady}, after other workloads ran
 * (and, with {@code --warmup USER}, after 20 untimed listings of another maildrop).
 */
final class BigDrop {
  private BigDrop() {}

  static Json run(Target t, Args a) throws Exception {
    Target.User u = t.user(a.get("user"));
    if (a.has("warmup")) {
      // Steady state, not start-up: the same listing path run on another maildrop first, so a
      // JIT-compiled server is measured compiled (Dovecot has nothing to warm). Untimed.
      Target.User w = t.user(a.get("warmup"));
      // 20 listings of 10,000 messages: enough for HotSpot's C2 to compile the loops (measured:
      // a 100,000-message listing ran 0.5 s for 7 logins, then 0.17 s).
      for (int i = 0; i < 20; i++) {
        session(t, w);
      }
    }
    double cpu0 = t.serverCpu();
    double self0 = Proc.selfCpuSeconds();
    long[] cold = session(t, u);
    long[] warm = session(t, u);
    // The same maildrop again once nothing has changed it for a while (the warm session's QUIT
    // changed nothing, the cold one's moved new/ to cur/): what every later login of a user who
    // leaves mail on the server costs. 2.5 s: vqpop's index trusts a directory whose last change
    // is 2 s old.
    Thread.sleep(2500);
    long[] again = session(t, u);
    // The "cold": a maildrop both servers know (indexed), the page cache dropped, as after
    // a night of other users' mail. Only where bench/run may drop the cache (root, DROP=1).
    long[] known = a.has("drop-caches") && dropCaches() ? session(t, u) : null;
    String kind = a.get("kind", "vqpop");
    String phase = a.get("phase", "steady");
    Json r = t.result("W3", kind + " " + cold[2] + " " + phase)
        .put("kind", kind).put("phase", phase).put("n", cold[2])
        .put("user", u.login()).put("messages", cold[2])
        .put("cold_ms", cold[0] / 1e6).put("cold_quit_ms", cold[1] / 1e6)
        .put("warm_ms", warm[0] / 1e6).put("warm_quit_ms", warm[1] / 1e6)
        .put("again_ms", again[0] / 1e6)
        .put("server_cpu_s", t.serverCpu() - cpu0).put("client_cpu_s", Proc.selfCpuSeconds() - self0);
    if (known != null) {
      r.put("known_cold_ms", known[0] / 1e6);
    }
    return r;
  }

  /** sync(1), then the kernel's page cache, dentries and inodes dropped; false if not allowed. */
  private static boolean dropCaches() throws IOException, InterruptedException {
    if (new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
      return false;
    }
    try {
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {to end of UIDL, QUIT, messages}, in nanoseconds. */
  private static long[] session(Target t, Target.User u) throws Exception {
    long t0 = System.nanoTime();
    try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
      c.user(u.login(), u.secret());
      int n = c.stat();
      int list = c.lines("LIST").size();
      int uidl = c.lines("UIDL").size();
      if (list != n || uidl != n) {
        throw new IllegalStateException("STAT " + n + " but LIST " + list + " and UIDL " + uidl);
      }
      long t1 = System.nanoTime();
      c.quit();
      long t2 = System.nanoTime();
      return new long[] {t1 - t0, t2 - t1, n};
    }
  }
}
