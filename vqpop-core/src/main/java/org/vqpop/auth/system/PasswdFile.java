package org.vqpop.auth.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks accounts up in a file in {@code passwd(5)} format. Accounts that only NSS knows (LDAP, …)
 * are not seen; the pop account of a mail home is a local account in every setup the seed
 * describes.
 */
public final class PasswdFile {
  public static final PasswdFile SYSTEM = new PasswdFile(Path.of("/etc/passwd"));

  private final Path file;

  public PasswdFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The account named {@code name}; empty when there is none. */
  public Optional<SystemAccount> lookup(String name) throws IOException {
    String[] f = ColonFile.find(file, name, 7);
    if (f == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SystemAccount(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]), f[6]));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": bad uid or gid in the entry for " + name);
    }
  }
}
