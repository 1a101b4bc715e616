package org.vqpop.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CPU and memory of a server: the process {@code root} and all its descendants, from
 * {@code /proc}. CPU is {@code utime+stime+cutime+cstime} of each live process: a child's time
 * moves into its parent's {@code c*time} when it is reaped, so every tick is counted once even as
 * Dovecot's processes come and go.
 */
final class Proc {
  private Proc() {}

  /** Linux's USER_HZ: 100 on every architecture that matters here. */
  private static final double TICKS_PER_SECOND = 100.0;

  record Usage(double cpuSeconds, long rssKb, long pssKb, int processes) {}

  static List<Long> tree(long root) throws IOException {
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : dir) {
        String stat = read(p.resolve("stat"));
        if (stat == null) {
          continue;
        }
        String[] f = fieldsAfterComm(stat);
        long ppid = Long.parseLong(f[1]);
        children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Long.parseLong(p.getFileName().toString()));
      }
    }
    List<Long> all = new ArrayList<>();
    ArrayDeque<Long> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      all.add(pid);
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    return all;
  }

  /** CPU only (cheap). */
  static double cpuSeconds(long root) throws IOException {
    long ticks = 0;
    for (long pid : tree(root)) {
      String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
      if (stat != null) {
        String[] f = fieldsAfterComm(stat);
        // after "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** CPU and memory (reads every process's smaps_rollup: slower). */
  static Usage usage(long root) throws IOException {
    List<Long> pids = tree(root);
    long rss = 0;
    long pss = 0;
    int n = 0;
    for (long pid : pids) {
      String rollup = read(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
      if (rollup == null) {
        continue;
      }
      n++;
      for (String line : rollup.split("\n")) {
        if (line.startsWith("Rss:")) {
          rss += kb(line);
        } else if (line.startsWith("Pss:")) {
          pss += kb(line);
        }
      }
    }
    return new Usage(cpuSeconds(root), rss, pss, n);
  }

  /** This JVM's own CPU time. */
  static double selfCpuSeconds() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime() / 1e9;
  }

  private static long kb(String line) {
    String[] f = line.trim().split("\\s+");
    return Long.parseLong(f[1]);
  }

  private static String[] fieldsAfterComm(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  private static @Nullable String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }
}
