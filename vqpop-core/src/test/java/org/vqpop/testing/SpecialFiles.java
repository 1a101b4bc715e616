package org.vqpop.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Makes the entries that are not regular files, for tests of code that must not read them: a
 * FIFO ({@code mkfifo}), a Unix socket (bound, then its server closed: the entry stays), a
 * character device ({@code mknod c 1 3}, {@code /dev/null}'s numbers: only root may).
 */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** Whether this process may make device nodes; tests that need one abort (skip) otherwise. */
  public static boolean canMakeDevices() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static Path fifo(Path p) throws IOException {
    run("mkfifo", p.toString());
    return p;
  }

  /**
   * A socket's path must fit in {@code sun_path} (108 bytes): a long one is bound in a short
   * temporary directory and renamed into place, which keeps it a socket.
   */
  public static Path socket(Path p) throws IOException {
    boolean tooLong = p.toString().getBytes(StandardCharsets.UTF_8).length > 100;
    Path tmp = tooLong ? Files.createTempDirectory("vq") : null;
    Path at = tmp != null ? tmp.resolve("s") : p;
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(at));
    }
    if (tmp != null) {
      try {
        Files.move(at, p, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(at);
        Files.delete(tmp);
      }
    }
    return p;
  }

  public static Path charDevice(Path p) throws IOException {
    run("mknod", p.toString(), "c", "1", "3");
    return p;
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": no exit within 10 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
            + new String(p.getInputStream().readAllBytes()).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
