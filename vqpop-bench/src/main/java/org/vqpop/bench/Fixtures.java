package org.vqpop.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopUser;

/** Shared data for the benchmarks: users like a real domain's, and scratch directories. */
final class Fixtures {
  private Fixtures() {}

  /** A SHA512-crypt hash, as {@code mkpopuser} stores by default: 98 characters. */
  static final String HASH =
      "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/";

  static final Path DOMAIN_DIR = Path.of("/var/vqpop/example.com");

  static PopUser user(String name) {
    return PopUser.withPassword(UserName.of(name), HASH);
  }

  static Path home(PopUser u) {
    return DOMAIN_DIR.resolve(u.name().hashDirectory()).resolve(u.name().name());
  }

  /** A scratch directory under {@code java.io.tmpdir} (or {@code -Dvqpop.bench.dir}). */
  static Path scratch(String what) throws IOException {
    String dir = System.getProperty("vqpop.bench.dir");
    Path parent = dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, "vqpop-bench-" + what + "-");
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
