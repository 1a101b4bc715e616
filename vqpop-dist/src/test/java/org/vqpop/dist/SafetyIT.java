package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cdb.CdbReader;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualPopDomains;

/** Concurrent commands lose no update; a killed command leaves every file old or new. */
class SafetyIT {
  @TempDir Path tmp;

  private static Set<String> popPasswdUsers(Path file) throws Exception {
    Set<String> out = new HashSet<>();
    for (PopUser u : PopPasswd.read(file).users()) {
      out.add(u.name().name());
    }
    return out;
  }

  private static Set<String> cdbKeys(Path file) throws Exception {
    Set<String> out = new HashSet<>();
    try (CdbReader r = CdbReader.open(file)) {
      r.forEach((k, v) -> out.add(new String(k, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
    return out;
  }

  @Test
  void concurrentCommandsLoseNoUpdate() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    int n = 12;
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (List<String> cmd : List.of(
          List.of("mkpopdb", "-a", "acme.com", "user" + i, "pass" + i),
          List.of("mkpopuser", "-a", "acme.com", "user" + i))) {
        ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin").resolve(cmd.get(0)).toString());
        pb.command().addAll(cmd.subList(1, cmd.size()));
        pb.environment().putAll(s.env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        procs.add(pb.start());
      }
    }
    for (Process p : procs) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < n; i++) {
      expected.add("user" + i);
      assertThat(s.mailhome.resolve("acme.com/u/user" + i + "/Maildir/new")).isDirectory();
    }
    assertThat(popPasswdUsers(s.mailhome.resolve("acme.com/poppasswd"))).isEqualTo(expected);
    assertThat(cdbKeys(s.mailhome.resolve("acme.com/poppasswd.cdb"))).isEqualTo(expected);
    assertThat(s.read(s.qmail.resolve("users/assign")).lines().filter(l -> l.startsWith("=acme-user"))).hasSize(n);
  }

  @Test
  void aKilledImportLeavesEveryFileOldOrNew() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    Random random = new Random(42);
    Set<String> current = new HashSet<>();
    String assignNow = s.read(s.qmail.resolve("users/assign"));
    for (int round = 0; round < 6; round++) {
      // each round adds a different batch of users
      StringBuilder pop = new StringBuilder();
      Set<String> next = new HashSet<>(current);
      for (int i = 0; i < 4000; i++) {
        String u = "r" + round + "u" + i;
        next.add(u);
        pop.append(u).append(":x:1:secret").append(i).append('\n');
      }
      Path file = s.root.resolve("pop" + round);
      Files.writeString(file, pop);
      ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "import", "mhpop", "acme.com",
          file.toString());
      pb.environment().putAll(s.env);
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      boolean finished = p.waitFor(300 + random.nextInt(2500), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
      }
      Set<String> source = popPasswdUsers(s.mailhome.resolve("acme.com/poppasswd"));
      assertThat(source).as("poppasswd after round %d", round).satisfiesAnyOf(
          x -> assertThat(x).isEqualTo(current), x -> assertThat(x).isEqualTo(next));
      Set<String> compiled = cdbKeys(s.mailhome.resolve("acme.com/poppasswd.cdb"));
      assertThat(compiled).as("poppasswd.cdb after round %d", round).satisfiesAnyOf(
          x -> assertThat(x).isEqualTo(current), x -> assertThat(x).isEqualTo(next));
      String assign = s.read(s.qmail.resolve("users/assign"));
      assertThat(assign).endsWith(".\n");
      cdbKeys(s.qmail.resolve("users/cdb"));
      VirtualPopDomains.read(s.mailhome.resolve("virtualpopdomains"));
      // the next command finds a consistent mail home again
      s.run("vqpop", "rebuild").ok();
      current.clear();
      current.addAll(popPasswdUsers(s.mailhome.resolve("acme.com/poppasswd")));
      assertThat(cdbKeys(s.mailhome.resolve("acme.com/poppasswd.cdb"))).isEqualTo(current);
      assignNow = s.read(s.qmail.resolve("users/assign"));
      assertThat(assignNow.lines().filter(l -> l.startsWith("=acme-"))).hasSize(current.size());
    }
  }
}
