package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's AOT cache as the launcher handles it ({@code vqpop aot}, issue 12 §4), with the real
 * Java 25 behind a wrapper {@code java} that writes down the options it was started with: a
 * command uses a valid cache of its kind; another jar set or another Java means another cache;
 * {@code serve} makes a missing one in the background, and a damaged, refused or unwritable one
 * never stops it, costing one clear line in its log.
 *
 * <p>Each test works on its own copy of the distribution (its jars are touched) and caches made
 * once for the class, with a short training run for the server.
 */
class AotCacheIT {
  @TempDir static Path shared;
  @TempDir Path tmp;

  static Path caches;

  /** The caches, made once: 'vqpop aot' on a copy of the distribution with the real JDK. */
  @BeforeAll
  static void makeCaches() throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25");
    Path dist = copyDist(shared.resolve("dist"));
    Sandbox s = sandbox(shared.resolve("sandbox"), dist, shared.resolve("jdk"), shared.resolve("aot"));
    Sandbox.Result r = s.exec(null, s.root, List.of(dist.resolve("bin/vqpop").toString(), "aot")).ok();
    assertThat(r.err()).contains("serve: made ", "admin: made ");
    caches = shared.resolve("aot");
  }

  /** A copy of the distribution (its jars' times are changed by some tests). */
  static Path copyDist(Path to) throws IOException {
    try (Stream<Path> all = Files.walk(Sandbox.DIST)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.startsWith(Sandbox.DIST.resolve("var"))) {
          continue;
        }
        Path q = to.resolve(Sandbox.DIST.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(q, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  /**
   * A Java home whose java runs the real one, after appending its options to {@code java.log};
   * its release file is the real one's plus {@code extra}.
   */
  static Path wrapperJdk(Path dir, String extra) throws IOException {
    Path real = Path.of(System.getProperty("java.home"));
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("release"), Files.readString(real.resolve("release")) + extra);
    Path java = dir.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("java.log") + "\nexec " + real.resolve("bin/java")
        + " \"$@\"\n");
    java.toFile().setExecutable(true);
    return dir;
  }

  static Sandbox sandbox(Path root, Path dist, Path jdk, Path aot) throws Exception {
    Files.createDirectories(root);
    Sandbox s = Sandbox.asCurrentUser(root);
    if (!Files.exists(jdk)) {
      wrapperJdk(jdk, "");
    }
    s.env.put("JAVA_HOME", jdk.toString());
    s.env.put("VQPOP_AOT_DIR", aot.toString());
    s.env.put("VQPOP_AOT_TRAINING_SECONDS", "2");
    s.env.put("PATH", dist.resolve("bin") + ":" + System.getenv("PATH"));
    return s;
  }

  /** This test's distribution, Java and cache directory (a copy of the shared caches). */
  record Setup(Sandbox s, Path dist, Path jdk, Path aot) {
    Sandbox.Result vqpop(String... args) throws Exception {
      return cmd("vqpop", args);
    }

    /** bin/NAME of this test's copy of the distribution. */
    Sandbox.Result cmd(String name, String... args) throws Exception {
      List<String> cmd = new java.util.ArrayList<>(List.of(dist.resolve("bin/" + name).toString()));
      cmd.addAll(List.of(args));
      return s.exec(null, s.mailhome, cmd);
    }

    String javaLog() throws IOException {
      Path log = jdk.resolve("java.log");
      return Files.exists(log) ? Files.readString(log) : "";
    }

    void clearJavaLog() throws IOException {
      Files.deleteIfExists(jdk.resolve("java.log"));
    }

    Path cache(String kind) throws IOException {
      try (Stream<Path> l = Files.list(aot)) {
        List<Path> found = l.filter(p -> p.getFileName().toString().startsWith("vqpop-" + kind + "-")
            && p.toString().endsWith(".aot")).toList();
        assertThat(found).as(kind + " caches in " + aot).hasSize(1);
        return found.get(0);
      }
    }
  }

  Setup setup() throws Exception {
    Path dist = copyDist(tmp.resolve("dist"));
    Path aot = Files.createDirectories(tmp.resolve("aot"));
    try (Stream<Path> l = Files.list(caches)) {
      for (Path p : l.filter(p -> p.toString().endsWith(".aot")).toList()) {
        Files.copy(p, aot.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    // The copy's jars are new files with the same times, names and contents: the same key.
    return new Setup(sandbox(tmp.resolve("sandbox"), dist, shared.resolve("jdk"), aot), dist, shared.resolve("jdk"),
        aot);
  }

  @Test
  void theCachesAreAcceptedByTheJvmAndUsedByTheCommands() throws Exception {
    Setup u = setup();
    String check = u.vqpop("aot", "--check").ok().out();
    assertThat(check).contains("serve: " + u.cache("serve") + ": accepted by", "admin: " + u.cache("admin") + ": accepted by");
    assertThat(Files.getPosixFilePermissions(u.cache("admin"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    u.s.seedDomains();
    u.clearJavaLog();
    // -XX:AOTMode=on: the JVM stops if it cannot use the cache it was given, or was given none.
    u.s.env.put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on");
    Sandbox.Result list = u.cmd("popdom", "-l").ok();
    assertThat(list.out()).as("nothing of the JVM's on standard output")
        .isEqualTo("oce.nl:st1-jos.oce.nl:oce.nl:\nacme.com:mail.acme.com:acme.com:acme\nisp.net:pophost.isp.net:mboxes.isp.net:isp\n");
    assertThat(u.javaLog()).contains("-XX:AOTCache=" + u.cache("admin"));
  }

  @Test
  void anotherJarSetOrAnotherJavaUsesNoneOfTheOldCaches() throws Exception {
    Setup u = setup();
    Path oldAdmin = u.cache("admin");
    Path jar = u.dist.resolve("lib/vqpop-core-0.1.0-SNAPSHOT.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
    u.clearJavaLog();
    assertThat(u.cmd("popdom", "-l").ok().out()).isEmpty();
    assertThat(u.javaLog()).doesNotContain("AOTCache");
    assertThat(u.vqpop("aot", "--check", "admin").code()).isEqualTo(1);
    u.vqpop("aot", "admin").ok();
    assertThat(u.cache("admin")).as("the new one replaced the old one").isNotEqualTo(oldAdmin);

    // Another Java build (its release file differs): the cache is for the first one.
    Path other = wrapperJdk(tmp.resolve("jdk-other"), "BUILD_INFO=\"another build\"\n");
    u.s.env.put("JAVA_HOME", other.toString());
    assertThat(u.cmd("popdom", "-l").ok().out()).isEmpty();
    assertThat(Files.readString(other.resolve("java.log"))).contains("-XX:+UseSerialGC").doesNotContain("AOTCache");
  }

  @Test
  void aCacheOthersMayWriteIsNotUsed() throws Exception {
    Setup u = setup();
    Files.setPosixFilePermissions(u.cache("admin"), PosixFilePermissions.fromString("rw-rw-rw-"));
    u.clearJavaLog();
    u.cmd("popdom", "-l").ok();
    assertThat(u.javaLog()).contains("-XX:+UseSerialGC").doesNotContain("AOTCache");
  }

  @Test
  void serveMakesAMissingCacheInTheBackgroundWithoutWaitingForIt() throws Exception {
    Setup u = setup();
    Files.delete(u.cache("serve"));
    Server srv = Server.start(u, tmp.resolve("serve1.err"));
    try {
      assertThat(srv.greeting()).startsWith("+OK");
      waitFor(() -> Files.readString(srv.err).contains("serve: made "), 180);
      u.cache("serve");
    } finally {
      srv.stop();
    }
    Server again = Server.start(u, tmp.resolve("serve2.err"));
    try {
      waitFor(() -> Files.readString(again.err).contains("AOT cache"), 30);
      assertThat(Files.readString(again.err)).contains("AOT cache " + u.cache("serve") + " in use");
    } finally {
      again.stop();
    }
  }

  @Test
  void aDamagedCacheNeverStopsServeAndIsMadeAgain() throws Exception {
    Setup u = setup();
    Path serve = u.cache("serve");
    // Garbage in the middle: the JVM itself would abort on some such files.
    try (RandomAccessFile f = new RandomAccessFile(serve.toFile(), "rw")) {
      f.seek(f.length() - 1_000_000);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    }
    Server srv = Server.start(u, tmp.resolve("serve.err"));
    try {
      assertThat(srv.greeting()).startsWith("+OK");
      waitFor(() -> Files.readString(srv.err).contains("serve: made "), 180);
      String log = Files.readString(srv.err);
      assertThat(log.lines().filter(l -> l.contains("is damaged"))).as(log).containsExactly("vqpop: AOT cache " + serve
          + " is damaged (its checksum does not match): starting without it; a new one is made in the background");
      assertThat(log).doesNotContain("AOT cache " + serve + " in use", "Exception");
      assertThat(u.cache("serve")).isNotEqualTo(serve);
    } finally {
      srv.stop();
    }
  }

  @Test
  void aCacheTheJvmRefusesCostsOneLineNotTheStart() throws Exception {
    Setup u = setup();
    // The server's own cache with the JVM build named in its header changed ("(25.0.3+9" becomes
    // "(95.0.3+9"), under a matching checksum: the launcher's checks pass, the JVM refuses a cache
    // "created by a different version or build of HotSpot" and runs without it. (Not a cache of
    // another collector: since JDK 24 one cache serves every collector.)
    Path serve = u.cache("serve");
    byte[] bytes = Files.readAllBytes(serve);
    String head = new String(bytes, 0, Math.min(bytes.length, 8192), java.nio.charset.StandardCharsets.ISO_8859_1);
    int vm = head.indexOf("OpenJDK");
    if (vm < 0) {
      vm = head.indexOf("HotSpot");
    }
    assertThat(vm).as("the JVM's name in the cache's header").isNotNegative();
    int paren = head.indexOf('(', vm);
    assertThat(paren).isPositive();
    bytes[paren + 1] = (byte) (bytes[paren + 1] == '9' ? '8' : '9');
    Files.write(serve, bytes);
    String name = serve.getFileName().toString();
    Path renamed = serve.resolveSibling(name.substring(0, name.lastIndexOf('-') + 1) + cksum(serve) + ".aot");
    Files.move(serve, renamed);
    Server srv = Server.start(u, tmp.resolve("serve.err"));
    try {
      assertThat(srv.greeting()).startsWith("+OK");
      waitFor(() -> Files.readString(srv.err).contains("AOT cache"), 30);
      String log = Files.readString(srv.err);
      assertThat(log.lines().filter(l -> l.contains("AOT"))).as(log).hasSize(1).first().asString()
          .contains("WARN", "AOT cache " + renamed + " was refused by this JVM", "vqpop aot");
      assertThat(log).doesNotContain("[aot]", "Exception");
    } finally {
      srv.stop();
    }
  }

  @Test
  void aCacheDirectoryThatCannotBeWrittenNeverStopsServe() throws Exception {
    Setup u = setup();
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    u.s.env.put("VQPOP_AOT_DIR", file.resolve("aot").toString()); // its parent is a file
    Server srv = Server.start(u, tmp.resolve("serve.err"));
    try {
      assertThat(srv.greeting()).startsWith("+OK");
      waitFor(() -> Files.readString(srv.err).contains("cannot write"), 30);
      assertThat(Files.readString(srv.err).lines().filter(l -> l.contains("aot"))).singleElement().asString()
          .contains("vqpop aot: cannot write " + file.resolve("aot"), "VQPOP_AOT_DIR");
    } finally {
      srv.stop();
    }
  }

  @Test
  void javaOlderThan25AndAotOffGetNoAotOptions() throws Exception {
    Setup u = setup();
    Path j21 = Files.createDirectories(tmp.resolve("jdk-21/bin"));
    Files.writeString(j21.resolveSibling("release"), "JAVA_VERSION=\"21.0.8\"\n");
    Files.writeString(j21.resolve("java"), "#!/bin/sh\necho \"$@\"\n");
    j21.resolve("java").toFile().setExecutable(true);
    u.s.env.put("JAVA_HOME", j21.getParent().toString());
    assertThat(u.cmd("popdom", "-l").ok().out()).contains("-XX:+UseSerialGC").doesNotContain("AOT");
    assertThat(u.vqpop("aot").code()).isEqualTo(1);
    u.s.env.put("JAVA_HOME", u.jdk.toString());
    u.s.env.put("VQPOP_AOT_DIR", "off");
    u.clearJavaLog();
    u.cmd("popdom", "-l").ok();
    assertThat(u.javaLog()).contains("-XX:+UseSerialGC").doesNotContain("AOT");
  }

  static String cksum(Path p) throws Exception {
    Process c = new ProcessBuilder("cksum").redirectInput(p.toFile()).start();
    String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    c.waitFor();
    return out.split(" ")[0];
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }

  /** {@code vqpop serve} on a free port, its standard error in a file. */
  record Server(Process p, int port, Path err) {
    static Server start(Setup u, Path err) throws Exception {
      int port;
      try (ServerSocket ss = new ServerSocket(0)) {
        port = ss.getLocalPort();
      }
      ProcessBuilder pb = new ProcessBuilder(u.dist.resolve("bin/vqpop").toString(), "serve", "--pop3",
          "127.0.0.1:" + port).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(u.s.env);
      Server s = new Server(pb.start(), port, err);
      waitFor(() -> Files.readString(err).contains("listening pop3:127.0.0.1:" + port) || !s.p.isAlive(), 60);
      assertThat(s.p.isAlive()).as(Files.readString(err)).isTrue();
      return s;
    }

    String greeting() throws IOException {
      try (java.net.Socket so = new java.net.Socket("127.0.0.1", port)) {
        so.setSoTimeout(10_000);
        return new java.io.BufferedReader(new java.io.InputStreamReader(so.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
      }
    }

    void stop() throws InterruptedException {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
