package org.vqpop.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
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

  public static Path socket(Path p) throws IOException {
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(p));
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
