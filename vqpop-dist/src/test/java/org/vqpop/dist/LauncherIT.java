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
    for (String tool : new String[] {"sh", "basename", "dirname", "readlink", "sed"}) {
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
  }

  /**
   * {@code serve} gets a heap limit of its own (issue 11 item 4: a login flood took an unlimited
   * server to 5.4 GB): a quarter of the memory, 256 to 768 MiB, with ZGC asked to keep to half of
   * it; a heap size in VQPOP_JAVA_OPTS replaces it. Admin commands are left alone.
   */
  @Test
  void serveGetsABoundedHeapUnlessVqpopJavaOptsSetsOne() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path root = Files.createDirectory(tmp.resolve("jvm"));
    Path j25 = fakeJava(root.resolve("jdk-25"), "25.0.1");
    Files.writeString(j25.resolve("bin/java"), "#!/bin/sh\necho \"$@\"\n");
    s.env.put("JAVA_HOME", j25.toString());
    s.env.put("VQPOP_JVM_ROOT", root.toString());
    s.env.put("PATH", toolsWithoutJava().toString());
    List<String> serve = List.of(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve", "--help");
    String out = s.exec(null, s.root, serve).ok().out();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-Xmx(\\d+)m -XX:SoftMaxHeapSize=(\\d+)m").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    int heap = Integer.parseInt(m.group(1));
    assertThat(heap).isBetween(256, 768);
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(heap / 2);
    s.env.put("VQPOP_JAVA_OPTS", "-Xmx2g");
    String own = s.exec(null, s.root, serve).ok().out();
    assertThat(own).contains("-Xmx2g").doesNotContain("SoftMaxHeapSize");
    assertThat(own.split("-Xmx", -1)).as("one heap size: " + own).hasSize(2);
    assertThat(launch(s, j25.toString(), root).ok().out()).as("popdom").doesNotContain("SoftMaxHeapSize");
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
