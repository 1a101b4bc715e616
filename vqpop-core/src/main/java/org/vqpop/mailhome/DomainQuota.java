package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.vqpop.domain.FileFormatException;
import org.vqpop.fs.RegularFile;
import org.vqpop.maildir.Quota;

/**
 * A domain's default quota: the file {@code quota} in its domain directory, one line with a
 * Maildir++ quota definition ({@code 104857600S,10000C}). No file means no default. A user's own
 * quota, in its {@code poppasswd} line, overrides each part it sets.
 */
public final class DomainQuota {
  private DomainQuota() {}

  /** The file's name in the domain directory. */
  public static final String FILE = "quota";

  /**
   * Reads the default from {@code domainDir}.
   *
   * @throws IOException naming the file and line when it cannot be read or understood
   */
  public static Quota read(Path domainDir) throws IOException {
    try {
      return load(domainDir);
    } catch (FileFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Reads the default from {@code domainDir}, telling a malformed file (an administrator's mistake)
   * from a failure to read it.
   *
   * @throws FileFormatException naming {@code file:line} when the file cannot be understood
   */
  public static Quota load(Path domainDir) throws IOException, FileFormatException {
    Path file = domainDir.resolve(FILE);
    List<String> lines;
    try {
      lines = RegularFile.readString(file, StandardCharsets.UTF_8).lines().toList(); // never a FIFO
    } catch (NoSuchFileException e) {
      return Quota.NONE;
    }
    Quota q = Quota.NONE;
    boolean seen = false;
    int n = 0;
    for (String line : lines) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (seen) {
        throw new FileFormatException(file, n, "more than one quota line");
      }
      seen = true;
      try {
        q = Quota.parse(t);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new FileFormatException(file, n, e.getMessage() != null ? e.getMessage() : "not a quota");
      }
    }
    return q;
  }

  /** The text {@link #read} reads back as {@code q}. */
  public static String render(Quota q) {
    return q.definition() + "\n";
  }
}
