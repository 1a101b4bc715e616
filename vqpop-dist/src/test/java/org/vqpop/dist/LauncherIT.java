package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher finds a Java 21+ runtime by itself, or says clearly that there is none. */
class LauncherIT {
  @TempDir Path tmp;

  /** A fake Java home whose release file says {@code version} and whose java prints its name. */
  private static Path fakeJava(Path dir, String version) throws Exception {
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path java = dir.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho \"ran " + dir.getFileName() + "\"\n");
    java.toFile().setExecutable(true);
    return dir;
  }

  /** A PATH with the tools the launcher uses, and no java. */
  private Path toolsWithoutJava() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("tools"));
    for (String tool : new String[] {"sh", "basename", "dirname", "readlink", "sed", "nproc"}) {
      for (String dir : new String[] {"/usr/bin", "/bin"}) {
        Path t = Path.of(dir, tool);
        if (Files.isExecutable(t) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), t);
        }
      }
    }
    return bin;
  }

  private Sandbox.Result launch(Sandbox s, String javaHome, Path jvmRoot) throws Exception {
    s.env.put("JAVA_HOME", javaHome);
    s.env.put("VQPOP_JVM_ROOT", jvmRoot.toString());
    s.env.put("PATH", toolsWithoutJava().toString());
    return s.exec(null, s.root, List.of(Sandbox.DIST.resolve("bin/popdom").toString(), "-l"));
  }

  /** The JVM refuses two collectors: one named in VQPOP_JAVA_OPTS replaces the launcher's. */
  @Test
  void aCollectorInVqpopJavaOptsReplacesTheDefault() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j25 = fakeJava(root.resolve("jdk-25"), "25.0.1");
    Files.writeString(j25.resolve("bin/java"), "#!/bin/sh\necho \"$@\"\n");
    String plain = launch(s, j25.toString(), root).ok().out();
    assertThat(plain).contains("-XX:+UseSerialGC");
    s.env.put("VQPOP_JAVA_OPTS", "-XX:+UseG1GC -Dx=1");
    String chosen = launch(s, j25.toString(), root).ok().out();
    assertThat(chosen).contains("-XX:+UseG1GC", "-Dx=1").doesNotContain("UseSerialGC");
    // serve's own collector (G1, a name with a digit) gives way as well.
    s.env.put("VQPOP_JAVA_OPTS", "-XX:+UseZGC");
    String serve = s.exec(null, s.root, List.of(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve")).ok().out();
    assertThat(serve).contains("-XX:+UseZGC").doesNotContain("G1GC");
  }

  /**
   * {@code serve} gets G1 starting small and a heap limit sized from what it is configured to hold
   * (issue 11 item 4: a login flood took an unlimited server to 5.4 GB; issue 12: idle sessions
   * must cost little): 64 MiB + 20 MiB per password check at once + 64 KiB per connection, from
   * the configuration file or the command line, at least 128 MiB and at most a quarter of the
   * memory. VQPOP_HEAP sets it instead; a heap size in VQPOP_JAVA_OPTS replaces both. Admin
   * commands are left alone.
   */
  @Test
  void serveGetsAHeapSizedFromItsConnectionLimitUnlessTold() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j25 = fakeJava(root.resolve("jdk-25"), "25.0.1");
    Files.writeString(j25.resolve("bin/java"), "#!/bin/sh\necho \"$@\"\n");
    s.env.put("JAVA_HOME", j25.toString());
    s.env.put("VQPOP_JVM_ROOT", root.toString());
    s.env.put("PATH", toolsWithoutJava().toString());
    Path conf = Path.of(s.env.get("VQPOP_CONFIG"));
    Files.writeString(conf, "[limits]\nmax_connections_per_ip = 5\nmax_connections = 16_000  # many\n"
        + "[login]\nmax_concurrent_checks = 1\n");
    String serve = Sandbox.DIST.resolve("bin/vqpop").toString();
    long quarter = memoryMib() / 4;
    String out = s.exec(null, s.root, List.of(serve, "serve", "--help")).ok().out();
    assertThat(out).contains("-XX:+UseG1GC", "-Xms16m", "-XX:G1PeriodicGCInterval=").doesNotContain("ZGC");
    assertThat(heap(out)).isEqualTo(Math.max(128, Math.min(64 + 20 + 16_000 / 16, quarter)));
    // The command line wins over the file, in either spelling.
    assertThat(heap(s.exec(null, s.root, List.of(serve, "serve", "--max-connections", "3200")).ok().out()))
        .isEqualTo(Math.max(128, Math.min(64 + 20 + 200, quarter)));
    assertThat(heap(s.exec(null, s.root, List.of(serve, "serve", "--max-connections=100")).ok().out()))
        .as("at least 128 MiB").isEqualTo(128);
    // No file: 1,000 connections and 2 checks per core.
    s.env.put("VQPOP_CONFIG", tmp.resolve("missing.toml").toString());
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(heap(s.exec(null, s.root, List.of(serve, "serve")).ok().out()))
        .isEqualTo(Math.max(128, Math.min(64 + 40 * cores + 1000 / 16, quarter)));

    s.env.put("VQPOP_HEAP", "300m");
    assertThat(s.exec(null, s.root, List.of(serve, "serve")).ok().out()).contains("-Xmx300m");
    s.env.put("VQPOP_HEAP", "lots");
    assertThat(s.exec(null, s.root, List.of(serve, "serve")).fails(1).err()).contains("VQPOP_HEAP=lots");
    s.env.put("VQPOP_JAVA_OPTS", "-Xmx2g");
    String own = s.exec(null, s.root, List.of(serve, "serve")).ok().out();
    assertThat(own.split("-Xmx", -1)).as("one heap size: " + own).hasSize(2);
    assertThat(own).contains("-Xmx2g");
    assertThat(launch(s, j25.toString(), root).ok().out()).as("popdom").doesNotContain("G1", "-Xms16m");
  }

  private static int heap(String args) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-Xmx(\\d+)m").matcher(args);
    assertThat(m.find()).as(args).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The memory the launcher sees: the machine's, or the cgroup's when lower. */
  private static long memoryMib() throws Exception {
    long mem = 0;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        mem = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      if (line.startsWith("0::")) {
        Path max = Path.of("/sys/fs/cgroup" + line.substring(3), "memory.max");
        if (Files.isReadable(max)) {
          String v = Files.readString(max).trim();
          if (v.matches("[0-9]{1,15}")) {
            mem = Math.min(mem, Long.parseLong(v) / 1048576);
          }
        }
      }
    }
    return mem;
  }

  @Test
  void takesJavaHomeWhenItIsNewEnough() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j25 = fakeJava(root.resolve("jdk-25"), "25.0.1");
    assertThat(launch(s, j25.toString(), root).ok().out()).isEqualTo("ran jdk-25\n");
  }

  @Test
  void skipsAnOldJavaHomeForTheNewestUnderTheJvmDirectory() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j17 = fakeJava(root.resolve("jdk-17"), "17.0.15");
    fakeJava(root.resolve("jdk-21"), "21.0.4");
    fakeJava(root.resolve("jdk-25"), "25.0.3");
    assertThat(launch(s, j17.toString(), root).ok().out()).isEqualTo("ran jdk-25\n");
  }

  @Test
  void saysClearlyWhenThereIsNoJava21() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j17 = fakeJava(root.resolve("jdk-17"), "17.0.15");
    Sandbox.Result r = launch(s, j17.toString(), root);
    assertThat(r.code()).isEqualTo(111);
    assertThat(r.err()).startsWith("popdom: no Java 21 or newer found").contains("JAVA_HOME");
  }
}
