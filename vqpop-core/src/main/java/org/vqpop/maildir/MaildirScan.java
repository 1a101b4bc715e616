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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.fs.DirectoryListing;
import org.vqpop.fs.FileType;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.fs.RegularFile;
import org.vqpop.wire.MessageSize;

/**
 * The one scan of {@code new/} and {@code cur/} that a POP3 session's snapshot is made of, done
 * the way qmail-pop3d does it ({@code maildir.c} {@code maildir_scan}), so that message numbers
 * and UIDLs match for users moving over from qmail.
 */
final class MaildirScan {
  private MaildirScan() {}

  private static final Logger LOG = LoggerFactory.getLogger(MaildirScan.class);

  /**
   * A message file: which subdirectory ({@code new} or {@code cur}), its name, its time in seconds
   * (from a {@code maildir(5)} name, else its mtime) and its RFC 1939 size. The same record is an
   * entry of a scan and of the {@link MaildirIndex}.
   */
  record Entry(String subdir, String name, long mtime, long size) {
    /** Oldest first, then by name: the order of a scan, and of the index. */
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::mtime).thenComparing(Entry::name);

    /** The UIDL: see {@link MaildirScan#uidl(String)}; computed on demand, not kept. */
    String uidl() {
      return MaildirScan.uidl(name);
    }
  }

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
   * <p>Unlike qmail, only regular files are messages. A FIFO, socket, device, directory or
   * symbolic link named like a message is left out, with one log line per scan naming such
   * entries: {@code readdir}'s {@code d_type} says what each entry is without a {@code stat}
   * ({@link DirectoryListing}; an {@code lstat} where the file system does not say), and every
   * file that is read is opened as {@link RegularFile} opens it ({@code O_NONBLOCK|O_NOFOLLOW},
   * then the open descriptor's type checked), so that an entry replaced after the listing can
   * neither block the session nor lead out of the maildrop: RETR answers it with -ERR.
   */
  static List<Entry> scan(Path maildir, Instant now) throws IOException {
    long nowSec = now.getEpochSecond();
    List<Found> found = new ArrayList<>();
    Skipped skipped = new Skipped(maildir);
    for (String subdir : new String[] {"new", "cur"}) {
      Path dirPath = maildir.resolve(subdir);
      for (DirectoryListing.Entry de : DirectoryListing.list(dirPath)) {
        String name = de.name();
        if (name.startsWith(".")) {
          continue;
        }
        FileType type = de.type();
        long named = nameTime(name);
        if (type == FileType.REGULAR && named >= 0) {
          // A name made the maildir(5) way starts with its delivery time: no stat needed.
          if (named < nowSec) {
            found.add(new Found(subdir, name, named));
          }
          continue;
        }
        if (type != FileType.REGULAR && type != FileType.UNKNOWN) {
          skipped.add(subdir, name, type); // readdir's d_type said so: not even a stat
          continue;
        }
        Path file = dirPath.resolve(name);
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (!a.isRegularFile()) {
          skipped.add(subdir, name, typeOf(file));
          continue;
        }
        long mtime = named >= 0 ? named : a.lastModifiedTime().to(TimeUnit.SECONDS);
        if (mtime < nowSec) {
          found.add(new Found(subdir, name, mtime));
        }
      }
    }
    found.sort(Comparator.comparingLong(Found::mtime).thenComparing(Found::name));
    List<Entry> entries = new ArrayList<>(found.size());
    for (Found f : found) {
      Long size = sizeFromName(f.name);
      if (size == null) {
        try {
          size = sizeFromContent(maildir.resolve(f.subdir).resolve(f.name));
        } catch (NotRegularFileException e) {
          skipped.add(f.subdir, f.name, e.type()); // replaced since the listing
          continue;
        }
        if (size == null) {
          continue; // removed since the listing
        }
      }
      entries.add(new Entry(f.subdir, f.name, f.mtime, size));
    }
    skipped.log();
    return entries;
  }

  /** What a file that is not a message is, for the log line (only those cost this second stat). */
  static FileType typeOf(Path file) {
    try {
      return FileType.ofMode((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS));
    } catch (IOException | RuntimeException e) {
      return FileType.UNKNOWN;
    }
  }

  /**
   * The entries of one scan that are not messages, for one log line per scan naming them (the
   * first {@value #NAMED} of them): a FIFO, socket or device in a maildrop is an attack or an
   * accident an administrator wants to hear about, but not once per file on every login.
   */
  static final class Skipped {
    static final int NAMED = 10;
    private final Path maildir;
    private final List<String> names = new ArrayList<>();
    private int count;

    Skipped(Path maildir) {
      this.maildir = maildir;
    }

    void add(String subdir, String name, FileType type) {
      count++;
      if (names.size() < NAMED) {
        names.add(subdir + "/" + name + " (" + type.description() + ")");
      }
    }

    void log() {
      if (count > 0) {
        LOG.warn("maildir {}: skipped {} entr{} that {} not regular files: {}{}", maildir, count,
            count == 1 ? "y" : "ies", count == 1 ? "is" : "are", String.join(", ", names),
            count > names.size() ? " and " + (count - names.size()) + " more" : "");
      }
    }
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

  /**
   * The RFC 1939 size of a message without {@code ,W=} in its name, read from the file (opened as
   * {@link RegularFile} opens: a FIFO put there since the listing cannot block the login); null
   * when it is gone.
   */
  static @Nullable Long sizeFromContent(Path file) throws IOException {
    try (InputStream in = RegularFile.newInputStream(file)) {
      return MessageSize.of(in);
    } catch (NoSuchFileException gone) {
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
