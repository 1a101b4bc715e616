package org.vqpop.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.DirectoryListing;
import org.vqpop.fs.FileType;
import org.vqpop.fs.NotRegularFileException;

/**
 * {@link MaildirScan}'s scan with a {@link MaildirIndex} in front of it: the same entries in the
 * same order, at a fraction of the cost on a big maildrop.
 *
 * <ul>
 *   <li>A directory whose timestamps prove it unchanged since the index was written is not read:
 *       its entries come from the index.
 *   <li>A changed directory is listed again, but a message the index knows (by its base name, the
 *       part before {@code :}, so a move from {@code new/} to {@code cur/} or a flag change keeps
 *       it) keeps its time and size: a file without {@code ,W=} in its name is read once in its
 *       life, not at every login.
 *   <li>No index, an untrusted one, or a clock that went back behind its writing: a full scan,
 *       exactly as without an index, after which the index is written.
 * </ul>
 *
 * <p>Each directory's state is read before it is listed, so a change during the listing leaves
 * the recorded state older than the directory and the next scan lists it again. The index is
 * rewritten only when something in it changed, under the maildrop lock the caller holds.
 */
final class IndexedScan {
  private IndexedScan() {}

  /** Reads a message file to learn its RFC 1939 size; null if it is gone or not a message. */
  @FunctionalInterface
  interface ContentSizer {
    @Nullable Long size(Path file) throws IOException;
  }

  /** The result of one scan: the session's entries, and whether the index was used and rewritten. */
  record Result(List<MaildirScan.Entry> entries, int dirsListed, boolean indexWritten) {}

  static Result scan(Path maildir, Instant now, ContentSizer sizer) throws IOException {
    long nowSec = now.getEpochSecond();
    long clockNanos = TimeUnit.SECONDS.toNanos(nowSec) + now.getNano();
    long inode = MaildirIndex.inode(maildir);
    MaildirIndex.Contents old = MaildirIndex.read(maildir);
    if (old != null && (old.maildirInode() != inode || old.writtenMillis() > now.toEpochMilli() + 1000)) {
      old = null; // another Maildir's index, or the clock went back behind it: trust none of it
    }
    Map<String, MaildirIndex.Item> known = new HashMap<>();
    if (old != null) {
      for (MaildirIndex.Item it : old.items()) {
        known.put(MaildirScan.base(it.name()), it);
      }
    }
    List<MaildirIndex.Item> items = new ArrayList<>(old == null ? 16 : old.items().size() + 16);
    boolean changed = old == null;
    int listed = 0;
    MaildirScan.Skipped skipped = new MaildirScan.Skipped(maildir);
    MaildirIndex.DirState[] states = new MaildirIndex.DirState[2];
    String[] subdirs = {"new", "cur"};
    for (int d = 0; d < 2; d++) {
      String subdir = subdirs[d];
      Path dirPath = maildir.resolve(subdir);
      MaildirIndex.DirState state = MaildirIndex.DirState.of(dirPath, clockNanos);
      states[d] = state;
      if (old != null && (d == 0 ? old.newDir() : old.curDir()).unchangedAt(state)) {
        for (MaildirIndex.Item it : old.items()) {
          if (it.subdir().equals(subdir)) {
            items.add(it);
          }
        }
        continue;
      }
      changed = true;
      listed++;
      for (DirectoryListing.Entry de : DirectoryListing.list(dirPath)) {
        String name = de.name();
        if (name.startsWith(".")) {
          continue;
        }
        if (de.type() != FileType.REGULAR && de.type() != FileType.UNKNOWN) {
          skipped.add(subdir, name, de.type()); // readdir's d_type said so: not even a stat
          continue;
        }
        MaildirIndex.Item prev = known.get(MaildirScan.base(name));
        if (prev != null) {
          items.add(new MaildirIndex.Item(subdir, name, prev.mtime(), prev.size()));
          continue;
        }
        MaildirIndex.Item fresh = examine(dirPath, subdir, de, sizer, skipped);
        if (fresh != null) {
          items.add(fresh);
        }
      }
    }
    items.sort(Comparator.comparingLong(MaildirIndex.Item::mtime).thenComparing(MaildirIndex.Item::name));
    List<MaildirScan.Entry> entries = new ArrayList<>(items.size());
    for (MaildirIndex.Item it : items) {
      if (it.mtime() < nowSec) {
        entries.add(new MaildirScan.Entry(it.subdir(), it.name(), it.mtime(), it.size(), MaildirScan.uidl(it.name())));
      }
    }
    skipped.log();
    boolean written = false;
    if (old == null || changed || !states[0].equals(old.newDir()) || !states[1].equals(old.curDir())) {
      written = MaildirIndex.write(maildir,
          new MaildirIndex.Contents(inode, states[0], states[1], now.toEpochMilli(), items));
    }
    return new Result(entries, listed, written);
  }

  /**
   * A file the index does not know, as {@link MaildirScan} examines it: its time from a {@code
   * maildir(5)} name (no {@code stat} when {@code readdir} says it is a regular file) or else its
   * mtime, its size from {@code ,W=} or else its content, read as {@link
   * org.vqpop.fs.RegularFile} opens files. Null when it is gone or not a message.
   */
  private static MaildirIndex.@Nullable Item examine(Path dirPath, String subdir, DirectoryListing.Entry de,
      ContentSizer sizer, MaildirScan.Skipped skipped) throws IOException {
    String name = de.name();
    long time = MaildirScan.nameTime(name);
    if (de.type() != FileType.REGULAR || time < 0) {
      Path file = dirPath.resolve(name);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        return null;
      }
      if (!a.isRegularFile()) {
        skipped.add(subdir, name, MaildirScan.typeOf(file));
        return null;
      }
      if (time < 0) {
        time = a.lastModifiedTime().to(TimeUnit.SECONDS);
      }
    }
    Long size = MaildirScan.sizeFromName(name);
    if (size == null) {
      try {
        size = sizer.size(dirPath.resolve(name));
      } catch (NotRegularFileException e) {
        skipped.add(subdir, name, e.type()); // replaced since the listing
        return null;
      }
      if (size == null) {
        return null;
      }
    }
    return new MaildirIndex.Item(subdir, name, time, size);
  }
}
