package org.vqpop.auth.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks password hashes up in a file in {@code shadow(5)} format ({@code
 * name:hash:lastchange:min:max:warn:inactive:expire:}). Only the name, the hash and the account
 * expiry date are used; ageing rules are for interactive logins and are not enforced here.
 */
public final class ShadowFile {
  public static final ShadowFile SYSTEM = new ShadowFile(Path.of("/etc/shadow"));

  /**
   * @param hash the crypt string; {@code !} or {@code *} prefixed when the account is locked
   * @param expireDay the day (since 1970-01-01) after which the account may not log in, or -1
   */
  public record Entry(String name, String hash, long expireDay) {}

  private final Path file;

  public ShadowFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The entry for {@code name}; empty when there is none. */
  public Optional<Entry> lookup(String name) throws IOException {
    String[] f = ColonFile.find(file, name, 2);
    if (f == null) {
      return Optional.empty();
    }
    long expire = -1;
    if (f.length > 7 && !f[7].isEmpty()) {
      try {
        expire = Long.parseLong(f[7]);
      } catch (NumberFormatException e) {
        throw new IOException(file + ": bad expiry date in the entry for " + name);
      }
    }
    return Optional.of(new Entry(f[0], f[1], expire));
  }
}
