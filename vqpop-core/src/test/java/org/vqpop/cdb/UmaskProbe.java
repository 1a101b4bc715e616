package org.vqpop.cdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.vqpop.fs.FileOwner;

/**
 * Run in a child JVM under a chosen umask by {@link CdbWriterTest}: writes a one-record cdb at
 * args[0] with mode args[1] (like "rw-r-----") and prints the temporary file's mode.
 */
final class UmaskProbe {
  private UmaskProbe() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    try (CdbWriter w = CdbWriter.create(target, PosixFilePermissions.fromString(args[1]),
        FileOwner.current())) {
      w.add(new byte[] {'k'}, new byte[] {'v'});
      System.out.println(PosixFilePermissions.toString(
          Files.getPosixFilePermissions(CdbWriter.tempFile(target))));
      w.commit();
    }
  }
}
