package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTableTest {
  @TempDir Path home;

  Path maildrop(String name) throws IOException {
    Path m = home.resolve("example.com").resolve(name.substring(0, 1)).resolve(name).resolve("Maildir");
    Files.createDirectories(m.getParent());
    Maildirs.create(m);
    return m;
  }

  @Test
  void oneSessionPerMaildropInThisProcess() throws IOException {
    LockTable t = LockTable.of(home);
    Path joe = maildrop("joe");
    Path ann = maildrop("ann");
    LockTable.Held first = t.tryLock(joe);
    assertThat(first).isNotNull();
    assertThat(t.tryLock(joe)).isNull();
    // The same maildrop by another path (a symbolic link to it) is the same lock.
    Path link = Files.createSymbolicLink(home.resolve("link"), joe);
    assertThat(t.tryLock(link)).isNull();
    LockTable.Held other = t.tryLock(ann);
    assertThat(other).isNotNull();
    first.close();
    first.close();
    LockTable.Held again = t.tryLock(joe);
    assertThat(again).isNotNull();
    again.close();
    other.close();
    assertThat(LockTable.of(home)).isSameAs(t);
  }

  @Test
  void thousandsOfSessionsHoldNoDescriptorEach() throws IOException {
    LockTable t = LockTable.of(home);
    List<LockTable.Held> held = new ArrayList<>();
    List<Path> drops = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      drops.add(maildrop("user" + i));
    }
    long before = descriptors();
    for (Path d : drops) {
      LockTable.Held h = t.tryLock(d);
      assertThat(h).isNotNull();
      held.add(h);
    }
    assertThat(descriptors() - before).isLessThanOrEqualTo(1);
    held.forEach(LockTable.Held::close);
  }

  @Test
  void anotherProcessHoldsItUntilItEndsEvenByKill() throws Exception {
    Path joe = maildrop("joe");
    Process child = holder(joe);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("held");
      LockTable t = LockTable.of(home);
      assertThat(t.tryLock(joe)).isNull();
      assertThat(t.tryLock(maildrop("ann"))).isNotNull().satisfies(LockTable.Held::close);
      child.destroyForcibly(); // SIGKILL: the kernel drops a dead process's locks
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      LockTable.Held mine = t.tryLock(joe);
      assertThat(mine).isNotNull();
      // And now the child cannot have it.
      Process second = holder(joe);
      try {
        BufferedReader out2 = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out2.readLine()).isEqualTo("busy");
      } finally {
        second.destroyForcibly();
      }
      mine.close();
    } finally {
      child.destroyForcibly();
    }
  }

  private Process holder(Path maildir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockTableHolder.class.getName(),
        home.toString(), maildir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT) // JNA's native-access warning: not the reply line
        .start();
  }

  private static long descriptors() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }
}
