package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.store.OpenResult;

/** The lock also holds across processes: a Maildir opened by another JVM is in use here. */
class MaildirLockProcessTest {
  @TempDir Path dir;

  @Test
  void anotherProcessHoldingTheLockMeansInUse() throws Exception {
    Maildirs.create(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT) // slf4j warns there: not the reply line
            .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("Opened");
      assertThat(MaildirMailbox.open(dir)).isInstanceOf(OpenResult.InUse.class);
      child.getOutputStream().close();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      OpenResult after = MaildirMailbox.open(dir);
      assertThat(after).isInstanceOf(OpenResult.Opened.class);
      ((OpenResult.Opened) after).mailbox().close();
    } finally {
      child.destroyForcibly();
    }
  }
}
