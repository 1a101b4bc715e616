package org.vqpop.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.UserName;
import org.vqpop.cdb.CdbReader;
import org.vqpop.domain.VirtualDomain;

/**
 * The users of each domain from its {@code poppasswd.cdb}, as the seed's chkpoppass read them.
 * One {@link CdbReader} is kept open per domain and replaced when a stat of the file shows a
 * different identity (device and inode, modification time, size): the administrative commands
 * replace the file by rename, so an open reader keeps seeing the old version (cdb.3: "rarely a good
 * idea for a long-running program to hold a database open" without checking).
 *
 * <p>A missing database is a {@link Failed} lookup, not an empty domain: {@code popdom} creates
 * one with every domain, so a missing file means a broken mail home, and refusing logins for a
 * while is better than telling every user "no such user".
 *
 * <p>Thread-safe. A lookup costs one stat and one cdb probe; two threads that see a new file at
 * the same moment may both open it, and one reader is then dropped for the garbage collector.
 */
public final class CdbUserDirectory implements UserDirectory {
  private record Open(CdbReader reader, Identity identity) {}

  private record Identity(@Nullable Object fileKey, long mtimeNanos, long size) {}

  private final MailHomeLayout layout;
  private final ConcurrentHashMap<Path, Open> open = new ConcurrentHashMap<>();

  public CdbUserDirectory(MailHomeLayout layout) {
    this.layout = layout;
  }

  @Override
  public LookupResult lookup(VirtualDomain domain, UserName user) {
    Path file = layout.popPasswdCdb(domain);
    try {
      CdbReader reader = reader(file);
      byte[] key = UserRecordCodec.key(user);
      byte[] value = reader.get(key);
      if (value == null) {
        return new NotFound();
      }
      UserRecordCodec.Entry e = UserRecordCodec.decode(key, value);
      return new Found(e.user(), e.home());
    } catch (NoSuchFileException e) {
      return new Failed(file + ": no such file");
    } catch (IOException e) {
      return new Failed(e.getMessage() != null && e.getMessage().startsWith(file.toString())
          ? e.getMessage() : file + ": " + e);
    } catch (IllegalArgumentException e) {
      // UserRecordCodec: a record written by something else; the name is valid, the data is not.
      return new Failed(file + ": bad record for " + user + ": " + e.getMessage());
    }
  }

  private CdbReader reader(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    Identity id = new Identity(a.fileKey(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
    Open o = open.get(file);
    if (o != null && Objects.equals(o.identity(), id)) {
      return o.reader();
    }
    // Stat before open: if the file is replaced in between, the reader sees the newer file under
    // the older identity, and the next lookup's stat opens it once more. Never the reverse.
    CdbReader r = CdbReader.open(file);
    // The old reader is not closed: another thread may be probing it right now. Closing only
    // drops its mapping, which the garbage collector does as well once no lookup holds it.
    open.put(file, new Open(r, id));
    return r;
  }
}
