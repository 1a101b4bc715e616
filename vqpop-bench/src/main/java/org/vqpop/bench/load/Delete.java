package org.vqpop.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * W5: in a maildrop opened once before (so both servers have it in {@code cur/}), DELE every
 * second message (the odd numbers), pipelined 100 at a time, then QUIT. Times the DELEs and QUIT
 * together, and QUIT alone; then checks the maildir ({@code --maildir}): every file whose base
 * name (before {@code :}) was the UIDL of a deleted message is gone, every other file is there.
 * Both servers' UIDLs are the file's base name (Dovecot with {@code pop3_uidl_format = %f}).
 * {@code --kind} labels the deliverer whose names the maildrop carries.
 */
final class Delete {
  private Delete() {}

  static Json run(Target t, Args a) throws Exception {
    Target.User u = t.user(a.get("user"));
    Path maildir = Path.of(a.get("maildir"));
    try (Pop3Client c = Pop3Client.connect(t.address(), 4096)) {
      c.user(u.login(), u.secret());
      c.stat();
      c.quit();
    }
    // Warm-up, untimed and changing nothing: the same DELEs, then RSET, then QUIT (RFC 1939:
    // after RSET nothing is deleted), so the timed run measures the server's steady state.
    for (int round = 0; round < a.integer("warmup", 3); round++) {
      try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
        c.user(u.login(), u.secret());
        deleteOdd(c, c.stat());
        c.send("RSET");
        c.flush();
        c.ok("RSET");
        c.quit();
      }
    }
    double cpu0 = t.serverCpu();
    double self0 = Proc.selfCpuSeconds();
    Set<String> deleted = new HashSet<>();
    Set<String> kept = new HashSet<>();
    long dele;
    long quit;
    int n;
    try (Pop3Client c = Pop3Client.connect(t.address(), 64 * 1024)) {
      c.user(u.login(), u.secret());
      n = c.stat();
      List<String> uidls = c.lines("UIDL");
      for (String line : uidls) {
        String[] f = line.split(" ", 2);
        (Integer.parseInt(f[0]) % 2 == 1 ? deleted : kept).add(f[1]);
      }
      long t0 = System.nanoTime();
      deleteOdd(c, n);
      long t1 = System.nanoTime();
      c.quit();
      long t2 = System.nanoTime();
      dele = t2 - t0;
      quit = t2 - t1;
    }
    double serverCpu = t.serverCpu() - cpu0;
    double clientCpu = Proc.selfCpuSeconds() - self0;
    String check = check(maildir, deleted, kept);
    String kind = a.get("kind", "vqpop");
    return t.result("W5", kind + " " + n)
        .put("kind", kind).put("n", n)
        .put("messages", n).put("deleted", deleted.size())
        .put("dele_quit_ms", dele / 1e6).put("quit_ms", quit / 1e6)
        .put("check", check)
        .put("server_cpu_s", serverCpu).put("client_cpu_s", clientCpu);
  }

  /** DELE of every odd-numbered message of {@code count}, pipelined 100 at a time. */
  private static void deleteOdd(Pop3Client c, int count) throws IOException {
    int sent = 0;
    for (int i = 1; i <= count; i += 2) {
      c.send("DELE " + i);
      if (++sent % 100 == 0) {
        c.flush();
        for (int k = 0; k < 100; k++) {
          c.ok("DELE");
        }
      }
    }
    c.flush();
    for (int k = 0; k < sent % 100; k++) {
      c.ok("DELE");
    }
  }

  private static String check(Path maildir, Set<String> deleted, Set<String> kept) throws IOException {
    Set<String> present = new HashSet<>();
    for (String sub : new String[] {"new", "cur"}) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(maildir.resolve(sub))) {
        for (Path p : dir) {
          String name = p.getFileName().toString();
          int colon = name.indexOf(':');
          present.add(colon < 0 ? name : name.substring(0, colon));
        }
      }
    }
    int stillThere = 0;
    for (String d : deleted) {
      if (present.contains(d)) {
        stillThere++;
      }
    }
    int missing = 0;
    for (String k : kept) {
      if (!present.contains(k)) {
        missing++;
      }
    }
    return stillThere == 0 && missing == 0 && present.size() == kept.size()
        ? "ok"
        : "FAILED: " + stillThere + " deleted still there, " + missing + " kept missing, " + present.size()
            + " files for " + kept.size() + " kept";
  }
}
