package org.vqpop.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.vqpop.wire.MessageSize;

/**
 * The one scan of {@code new/} and {@code cur/} that a POP3 session's snapshot is made of, done
 * the way qmail-pop3d does it ({@code maildir.c} {@code maildir_scan}), so that message numbers
 * and UIDLs match for users moving over from qmail.
 */
final class MaildirScan {
  private MaildirScan() {}

  /** A message file: which subdirectory, its name, its mtime in seconds, size and UIDL. */
  record Entry(String subdir, String name, long mtime, long size, String uidl) {}

  private record Found(String subdir, String name, long mtime) {}

  /**
   * Lists {@code new/} then {@code cur/} once each and orders the messages by mtime, oldest first.
   *
   * <p>As in qmail's {@code maildir.c}: dot files are skipped; a file whose mtime (in whole
   * seconds) is not before {@code now} is left out, so that mail arriving during this second
   * cannot be numbered before mail that arrived earlier but is only seen next session ("don't want
   * to mix up the order"). That also hides a file with an mtime in the future (clock skew on
   * shared storage) until the clock catches up, as qmail-pop3d does.
   *
   * <p>Ties: qmail orders through a binary heap ({@code prioq.c}) keyed on the mtime only, which is
   * not stable, so messages with equal mtimes come out in an order that depends on {@code readdir}
   * and the heap's shape, i.e. unspecified. We break ties by file name, which for names made the
   * {@code maildir(5)} way ({@code time.unique.host}) is delivery order within the second.
   *
   * <p>The time of a name made the {@code maildir(5)} way ({@code 1700000000.M1P2Q3.host}, see
   * {@link #nameTime}) is the delivery time it starts with, not the file's mtime: the two are the
   * same second for every delivery agent that follows {@code maildir(5)}, and reading the name
   * saves a {@code stat} per message, which is most of a login's cost on a 100,000-message
   * maildrop. Files with other names are ordered by their mtime as qmail does.
   *
   * <p>Unlike qmail, files that are not regular files are not served: a name without a time is
   * skipped unless its {@code stat} says it is a regular file, and every message is opened with
   * {@code O_NOFOLLOW}, so that a symbolic link never leads out of the maildrop (a link with a
   * Maildir name and a {@code ,W=} size is listed, and RETR answers it with -ERR).
   */
  static List<Entry> scan(Path maildir, Instant now) throws IOException {
    long nowSec = now.getEpochSecond();
    List<Found> found = new ArrayList<>();
    for (String subdir : new String[] {"new", "cur"}) {
      Path dirPath = maildir.resolve(subdir);
      // File.list gives the names without making a Path of each: a third of a big listing's cost.
      String[] names = dirPath.toFile().list();
      if (names == null) {
        throw new IOException("cannot list " + dirPath);
      }
      {
        for (String name : names) {
          if (name.startsWith(".")) {
            continue;
          }
          long named = nameTime(name);
          if (named >= 0) {
            // A name made the maildir(5) way starts with its delivery time: no stat needed.
            if (named < nowSec) {
              found.add(new Found(subdir, name, named));
            }
            continue;
          }
          BasicFileAttributes a;
          try {
            a = Files.readAttributes(dirPath.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException gone) {
            continue;
          }
          long mtime = a.lastModifiedTime().to(TimeUnit.SECONDS);
          if (a.isRegularFile() && mtime < nowSec) {
            found.add(new Found(subdir, name, mtime));
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(Found::mtime).thenComparing(Found::name));
    List<Entry> entries = new ArrayList<>(found.size());
    for (Found f : found) {
      Long size = sizeFromName(f.name);
      if (size == null) {
        size = sizeFromContent(maildir.resolve(f.subdir).resolve(f.name));
        if (size == null) {
          continue; // removed since the listing
        }
      }
      entries.add(new Entry(f.subdir, f.name, f.mtime, size, uidl(f.name)));
    }
    return entries;
  }

  /**
   * The delivery time a {@code maildir(5)} name starts with ({@code 1700000000.M1P2Q3.host}): 9
   * to 11 digits before the first dot, that is a time between 2001 and 5138; -1 for any other name,
   * whose file's mtime is used instead.
   */
  static long nameTime(String name) {
    int dot = name.indexOf('.');
    if (dot < 9 || dot > 11) {
      return -1;
    }
    long t = 0;
    for (int i = 0; i < dot; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      t = t * 10 + (c - '0');
    }
    return t >= 1_000_000_000L ? t : -1;
  }

  /** The part of a name before the {@code :} that starts the info (maildir(5)). */
  static String base(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /**
   * The Maildir++ {@code ,W=n} field of the base name: the size with CRLF line ends, which is
   * exactly the RFC 1939 size. {@code ,S=} is the stored size (LF line ends) and does not help.
   */
  static @Nullable Long sizeFromName(String name) {
    return field(name, ",W=");
  }

  /** The number after {@code key} (such as {@code ,S=}) in the base name, or null. */
  static @Nullable Long field(String name, String key) {
    String base = base(name);
    int at = base.indexOf(key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = base.indexOf(',', start);
    if (end < 0) {
      end = base.length();
    }
    if (end == start || end - start > 18) {
      return null;
    }
    for (int i = start; i < end; i++) {
      char c = base.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Long.parseLong(base, start, end, 10);
  }

  private static @Nullable Long sizeFromContent(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return MessageSize.of(in);
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException notAFile) {
      // A symbolic link (ELOOP under O_NOFOLLOW), a directory (EISDIR): not a message.
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw notAFile;
      }
      return null;
    }
  }

  /**
   * The UIDL of a file name: the base name, as qmail-pop3d sends it ({@code printfn}), so that
   * clients moving over download nothing twice. RFC 1939 §7 allows only 0x21-0x7E; a base name
   * with any other character (space, control, non-ASCII) would break the UIDL listing, so such a
   * name gets {@code x-} and 32 hex digits of the SHA-256 of its UTF-8 bytes instead: still
   * stable across sessions. Base names longer than RFC 1939's 70 characters are kept as they are,
   * as qmail-pop3d does: long host names make long Maildir names, clients cope, and changing
   * them would make migrated users download those messages again.
   */
  static String uidl(String name) {
    String base = base(name);
    boolean printable = !base.isEmpty();
    for (int i = 0; i < base.length() && printable; i++) {
      char c = base.charAt(i);
      printable = c >= 0x21 && c <= 0x7e;
    }
    if (printable) {
      return base;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(base.getBytes(StandardCharsets.UTF_8));
      return "x-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
