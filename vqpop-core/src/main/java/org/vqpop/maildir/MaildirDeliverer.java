package org.vqpop.maildir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.vqpop.fs.AtomicFile;
import org.vqpop.fs.FileOwner;
import org.vqpop.fs.IoErrors;

/**
 * Delivers messages into Maildirs the way {@code maildir(5)} prescribes, so that a message is
 * acknowledged only once it is on disk and visible exactly once:
 *
 * <ol>
 *   <li>create {@code tmp/TIME.MusecPpidQn.HOST} (exclusive create: a clash is an error, never an
 *       overwrite) and write the message;
 *   <li>{@code fsync} it;
 *   <li>link it to {@code new/TIME.MusecPpidQn.HOST,S=octets,W=rfc1939octets} (a link fails if the
 *       name exists, so nothing is ever replaced) and unlink the {@code tmp/} name;
 *   <li>{@code fsync} {@code new/}, so the new name survives a crash;
 *   <li>only then report success, and add the message to {@code maildirsize}.
 * </ol>
 *
 * A failure at any step removes what was made, so a failed delivery leaves nothing in {@code new/}.
 * A crash between the steps leaves at most a file in {@code tmp/}, which POP3 cleans after 36
 * hours as qmail does. When the process runs as root, the file is given to the Maildir's owner.
 */
public final class MaildirDeliverer {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final int BUFFER = 64 * 1024;

  private final String host;
  private final Clock clock;
  private final long pid = ProcessHandle.current().pid();
  private final boolean root = FileOwner.current().uid() == 0;

  /**
   * @param hostName this host's name, used in unique names (with {@code /} and {@code :} encoded as
   *     {@code maildir(5)} says, as {@code \057} and {@code \072})
   */
  public MaildirDeliverer(String hostName, Clock clock) {
    this.host = encodeHost(hostName);
    this.clock = clock;
  }

  /** What a delivery did. */
  public sealed interface Result {}

  /** Stored as {@code new/NAME}. */
  public record Delivered(String name) implements Result {}

  /** Refused: the message would take the Maildir over its quota. Nothing was written. */
  public record OverQuota(MaildirSize.Usage usage, Quota quota) implements Result {}

  /** Failed; whatever was written was removed. A temporary failure. */
  public record Failed(String detail) implements Result {}

  /** Delivers {@code body} into the Maildir at {@code maildir}, within {@code quota}. */
  public Result deliver(Path maildir, MessageBody body, Quota quota) {
    if (!Maildirs.isMaildir(maildir)) {
      return new Failed(maildir + " is not a Maildir (tmp, new and cur are needed)");
    }
    Instant now = clock.instant();
    long stored = body.storedSize();
    try {
      MaildirSize.Check check = MaildirSize.check(maildir, quota, stored, now);
      if (!check.allowed()) {
        return new OverQuota(check.usage(), quota);
      }
    } catch (IOException e) {
      return new Failed("quota of " + maildir + ": " + IoErrors.describe(e));
    }
    String base = uniqueName(now);
    Path tmp = maildir.resolve("tmp").resolve(base);
    String name = base + ",S=" + stored + ",W=" + body.crlfSize();
    Path target = maildir.resolve("new").resolve(name);
    boolean linked = false;
    try {
      write(tmp, body, stored, maildir);
      try {
        Files.createLink(target, tmp);
        linked = true;
        Files.delete(tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | IOException e) {
        if (linked) {
          throw e;
        }
        // A file system without hard links: rename, which cannot clash as the name is unique.
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        linked = true;
      }
      AtomicFile.syncDirectory(maildir.resolve("new"));
    } catch (IOException e) {
      cleanUp(tmp);
      if (linked) {
        cleanUp(target);
      }
      return new Failed("deliver to " + maildir + ": " + IoErrors.describe(e));
    }
    try {
      MaildirSize.add(maildir, stored, 1);
    } catch (IOException e) {
      // The message is delivered; the next recalculation corrects the file.
    }
    return new Delivered(name);
  }

  private void write(Path tmp, MessageBody body, long expected, Path maildir) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, CREATE,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      CountingStream out = new CountingStream(new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER));
      body.writeTo(out);
      out.flush();
      if (out.count != expected) {
        throw new IOException("message body wrote " + out.count + " octets, expected " + expected);
      }
      if (root) {
        int uid = (Integer) Files.getAttribute(maildir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(maildir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        new FileOwner(uid, gid).apply(tmp);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      cleanUp(tmp);
      throw e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
  }

  private String uniqueName(Instant now) {
    return now.getEpochSecond() + ".M" + (now.getNano() / 1000) + "P" + pid + "Q" + COUNTER.incrementAndGet() + "." + host;
  }

  private static void cleanUp(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Left in tmp/: cleaned after 36 hours.
    }
  }

  static String encodeHost(String h) {
    StringBuilder b = new StringBuilder(h.length());
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      switch (c) {
        case '/' -> b.append("\\057");
        case ':' -> b.append("\\072");
        default -> {
          if (c <= 0x20 || c >= 0x7f) {
            b.append('_');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.isEmpty() ? "localhost" : b.toString();
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
