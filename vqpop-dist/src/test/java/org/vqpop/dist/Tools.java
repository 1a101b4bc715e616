package org.vqpop.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** External tools the tests use: skipped where missing, except under CI, which installs them. */
final class Tools {
  private Tools() {}

  static boolean onPath(String name) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  static void require(String name, String debianPackage) {
    boolean have = onPath(name);
    if (!have && System.getenv("CI") != null) {
      throw new AssertionError(name + " is missing; .ci/run must install the Debian package " + debianPackage);
    }
    assumeTrue(have, name + " not installed (Debian package " + debianPackage + ")");
  }

  static void requirePerlModule(String module, String debianPackage) throws Exception {
    Process p = new ProcessBuilder("perl", "-M" + module, "-e", "1").redirectErrorStream(true).start();
    boolean have = p.waitFor() == 0;
    if (!have && System.getenv("CI") != null) {
      throw new AssertionError("Perl " + module + " is missing; .ci/run must install " + debianPackage);
    }
    assumeTrue(have, "Perl " + module + " not installed (Debian package " + debianPackage + ")");
  }

  static boolean root() throws Exception {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
  }
}
