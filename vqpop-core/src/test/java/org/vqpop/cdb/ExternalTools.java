package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real cdb tools of Debian's {@code tinycdb} and {@code libcdb-file-perl} packages. A
 * missing tool skips the test on a developer's machine but fails it under CI, which installs
 * them.
 */
final class ExternalTools {
  private ExternalTools() {}

  /** What a process did. */
  record Result(int exit, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  static void requireTinycdb() {
    require(onPath("cdb"), "tinycdb's cdb command is not on PATH (apt-get install tinycdb)");
  }

  static void requirePerlCdbFile() {
    boolean ok;
    try {
      ok = onPath("perl") && run(List.of("perl", "-MCDB_File", "-e", "1"), new byte[0]).exit() == 0;
    } catch (IOException e) {
      ok = false;
    }
    require(ok, "Perl module CDB_File is not installed (apt-get install libcdb-file-perl)");
  }

  private static void require(boolean available, String message) {
    if (!available && System.getenv("CI") != null) {
      fail(message + "; CI must install it");
    }
    Assumptions.assumeTrue(available, message + "; skipped");
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code command} with {@code stdin}, waiting at most 60 seconds. */
  static Result run(List<String> command, byte[] stdin) throws IOException {
    Process p = new ProcessBuilder(command).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // The tool may exit without reading its input; its exit status tells what happened.
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not finish in 60 s");
      }
      return new Result(p.exitValue(), out.join(),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted running " + command, e);
    }
  }

  /** Runs {@code command} and returns its output, failing the test unless it exits with 0. */
  static byte[] runOk(List<String> command, byte[] stdin) throws IOException {
    Result r = run(command, stdin);
    if (r.exit() != 0) {
      fail(command + " exited with " + r.exit() + ": " + r.stderr());
    }
    return r.stdout();
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
