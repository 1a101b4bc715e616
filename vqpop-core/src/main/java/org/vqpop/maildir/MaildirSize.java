package org.vqpop.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.fs.DirectoryListing;
import org.vqpop.fs.FileType;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.fs.RegularFile;

/**
 * The Maildir++ {@code maildirsize} file (Courier's {@code README.maildirquota}, also kept by
 * Dovecot's quota plugin): a first line with the quota definition, then lines of two numbers, the
 * bytes and messages added (or, negative, removed). The sum of those lines is the usage.
 *
 * <p>Writers append one line with one {@code write(2)} on an {@code O_APPEND} descriptor, so
 * concurrent deliveries and POP3 sessions never lose a line. The file is recomputed from the
 * Maildir when it is missing, holds another quota definition, has grown past 5120 bytes, cannot be
 * read, or when a delivery would exceed the quota and the file is more than 15 minutes old (it may
 * be wrong after messages were removed by something that does not keep it).
 */
public final class MaildirSize {
  private MaildirSize() {}

  private static final Logger LOG = LoggerFactory.getLogger(MaildirSize.class);

  /** The file's name in the Maildir's top directory. */
  public static final String FILE = "maildirsize";

  static final int MAX_FILE_SIZE = 5120;
  static final Duration STALE = Duration.ofMinutes(15);

  /** Bytes (stored size) and messages in a Maildir. */
  public record Usage(long bytes, long messages) {}

  /** The verdict for one more message. */
  public record Check(boolean allowed, Usage usage) {}

  /**
   * Whether a message of {@code storedSize} octets fits within {@code quota}, recomputing the file
   * as described above. An unlimited quota always allows and reads nothing.
   */
  public static Check check(Path maildir, Quota quota, long storedSize, Instant now) throws IOException {
    if (quota.unlimited()) {
      return new Check(true, new Usage(0, 0));
    }
    Path file = maildir.resolve(FILE);
    Usage usage = read(file, quota);
    if (usage == null) {
      usage = recalculate(maildir, quota);
    }
    if (fits(usage, quota, storedSize)) {
      return new Check(true, usage);
    }
    try {
      Instant mtime = Files.getLastModifiedTime(file).toInstant();
      if (mtime.plus(STALE).isBefore(now)) {
        usage = recalculate(maildir, quota);
      }
    } catch (NoSuchFileException gone) {
      usage = recalculate(maildir, quota);
    }
    return new Check(fits(usage, quota, storedSize), usage);
  }

  private static boolean fits(Usage u, Quota q, long size) {
    if (q.bytes() != 0 && u.bytes() + size > q.bytes()) {
      return false;
    }
    return q.messages() == 0 || u.messages() + 1 <= q.messages();
  }

  /**
   * The usage the file records, or {@code null} when it must be recomputed (missing, unreadable,
   * too large, or written for another quota than {@code quota}).
   */
  static @Nullable Usage read(Path file, Quota quota) throws IOException {
    byte[] bytes;
    try {
      // As RegularFile opens: a FIFO in its place must not block a delivery or a QUIT.
      bytes = RegularFile.readAtMost(file, MAX_FILE_SIZE - 1);
      if (bytes.length >= MAX_FILE_SIZE) {
        return null;
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (NotRegularFileException e) {
      // A FIFO, link or directory in its place: unreadable, so recomputed, and the rename that
      // writes the new file replaces the intruder.
      LOG.warn("{}: {}; the usage is recomputed", file, e.getReason());
      return null;
    }
    List<String> lines = new String(bytes, StandardCharsets.US_ASCII).lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(quota.definition())) {
      return null;
    }
    long b = 0;
    long m = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).strip().split("\\s+");
      if (f.length == 1 && f[0].isEmpty()) {
        continue;
      }
      if (f.length != 2) {
        return null;
      }
      try {
        b += Long.parseLong(f[0]);
        m += Long.parseLong(f[1]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return new Usage(Math.max(b, 0), Math.max(m, 0));
  }

  /**
   * The usage {@code maildir}'s file records for {@code quota}, or {@code null} when there is no
   * such file or it cannot be trusted (another definition, too large, malformed). Writes nothing.
   */
  public static @Nullable Usage recorded(Path maildir, Quota quota) throws IOException {
    return read(maildir.resolve(FILE), quota);
  }

  /** The usage recorded in {@code maildir}'s file, recomputed when it cannot be trusted. */
  public static Usage usage(Path maildir, Quota quota) throws IOException {
    Usage u = read(maildir.resolve(FILE), quota);
    return u != null ? u : recalculate(maildir, quota);
  }

  /**
   * Counts {@code new/} and {@code cur/} (sizes from {@code ,S=} in the name, else from the file)
   * and replaces the file with the quota definition and that one total line.
   */
  public static Usage recalculate(Path maildir, Quota quota) throws IOException {
    Usage u = scan(maildir);
    String text = quota.definition() + "\n" + u.bytes() + " " + u.messages() + "\n";
    Path tmp = maildir.resolve("tmp").resolve(
        "maildirsize." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + "." + System.nanoTime());
    try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }
    try {
      Files.move(tmp, maildir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return u;
  }

  /** Adds up the messages in {@code new/} and {@code cur/} without writing anything. */
  public static Usage scan(Path maildir) throws IOException {
    long bytes = 0;
    long count = 0;
    for (String sub : new String[] {"new", "cur"}) {
      Path dir = maildir.resolve(sub);
      for (DirectoryListing.Entry e : DirectoryListing.list(dir)) {
        String name = e.name();
        if (name.startsWith(".")) {
          continue;
        }
        // Only regular files count, as only they are messages (MaildirScan).
        FileType type = e.type();
        Long s = storedSizeFromName(name);
        if (type == FileType.UNKNOWN || (type == FileType.REGULAR && s == null)) {
          try {
            BasicFileAttributes a =
                Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
              continue;
            }
            if (s == null) {
              s = a.size();
            }
          } catch (NoSuchFileException gone) {
            continue;
          }
        } else if (type != FileType.REGULAR) {
          continue;
        }
        bytes += s;
        count++;
      }
    }
    return new Usage(bytes, count);
  }

  /**
   * Appends a line {@code bytes messages} (negative for removals) when the file exists; without a
   * file there is nothing to keep up to date (the next quota check computes it).
   */
  public static void add(Path maildir, long bytes, long messages) throws IOException {
    byte[] line = (bytes + " " + messages + "\n").getBytes(StandardCharsets.US_ASCII);
    // Not FileChannel.open: a write-only open of a FIFO put in the file's place would block.
    try (FileChannel ch = RegularFile.openAppend(maildir.resolve(FILE))) {
      ch.write(ByteBuffer.wrap(line));
    } catch (NoSuchFileException e) {
      // No file, no bookkeeping.
    }
  }

  /** The Maildir++ {@code ,S=n} field of a name: the stored size. */
  public static @Nullable Long storedSizeFromName(String name) {
    return MaildirScan.field(name, ",S=");
  }
}
