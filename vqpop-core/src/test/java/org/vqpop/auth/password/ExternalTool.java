package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real tools that make and check crypt strings, so vectors come from them rather than
 * from our own code. A missing tool skips the test on a developer's machine and fails it in CI
 * (environment variable CI set), where the Debian packages named here must be installed.
 */
final class ExternalTool {

  private ExternalTool() {}

  /** Skips (or in CI fails) unless {@code tool} is on the PATH; names its Debian package. */
  static void require(String tool, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    String message = tool + " not found; install the Debian package " + debianPackage;
    if (System.getenv("CI") != null) {
      fail(message);
    }
    Assumptions.assumeTrue(false, message);
  }

  /**
   * Runs {@code command} with {@code stdin} as its input (passwords go there, not into argv, so
   * their bytes arrive unchanged) and returns its output without the final newline.
   */
  static String run(byte[] stdin, String... command) {
    ProcessBuilder builder = new ProcessBuilder(List.of(command));
    builder.environment().put("LC_ALL", "C");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
      byte[] out = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
      assertThat(process.exitValue()).as("%s exit status", command[0]).isZero();
      String text = new String(out, StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command[0], e);
    }
  }

  /** {@code text} followed by a newline, for tools that read the password as a line. */
  static byte[] line(byte[] text) {
    byte[] withNewline = new byte[text.length + 1];
    System.arraycopy(text, 0, withNewline, 0, text.length);
    withNewline[text.length] = '\n';
    return withNewline;
  }
}
