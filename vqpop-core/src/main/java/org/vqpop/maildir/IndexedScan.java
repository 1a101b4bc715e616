package org.vqpop.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.DirectoryListing;
import org.vqpop.fs.FileType;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.maildir.MaildirScan.Entry;

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
 * rewritten only when something in it changed. No lock is needed for that: whoever writes an
 * index, it is correct (states read before listing, the file replaced whole), so {@link
 * IndexSettler} scans without one.
 */
final class IndexedScan {
  private IndexedScan() {}

  /** Reads a message file to learn its RFC 1939 size; null if it is gone or not a message. */
  @FunctionalInterface
  interface ContentSizer {
    @Nullable Long size(Path file) throws IOException;
  }

  /**
   * The result of one scan: the session's entries, whether the index was used and rewritten, and
   * when the index written would have settled: the wall clock in milliseconds after which a scan
   * would record both directories as {@linkplain MaildirIndex.DirState#settled settled}, or 0 if
   * the index already records them so.
   */
  record Result(List<Entry> entries, int dirsListed, boolean indexWritten, long settlesAtMillis) {}

  static Result scan(Path maildir, Instant now, ContentSizer sizer) throws IOException {
    long nowSec = now.getEpochSecond();
    long clockNanos = TimeUnit.SECONDS.toNanos(nowSec) + now.getNano();
    long inode = MaildirIndex.inode(maildir);
    MaildirIndex.Contents old = MaildirIndex.read(maildir);
    if (old != null && (old.maildirInode() != inode || old.writtenMillis() > now.toEpochMilli() + 1000)) {
      old = null; // another Maildir's index, or the clock went back behind it: trust none of it
    }
    List<Entry> oldItems = old == null ? List.of() : old.items();
    // The index's entries still there, at their index position (their name may have changed:
    // moved to cur/, flags); null where gone. The index is in scan order, so these stay in it.
    Entry[] kept = new Entry[oldItems.size()];
    List<Entry> fresh = new ArrayList<>();
    NameTable known = null; // built only when a directory must be listed
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
        for (int i = 0; i < kept.length; i++) {
          Entry it = oldItems.get(i);
          if (it.subdir().equals(subdir)) {
            kept[i] = it;
          }
        }
        continue;
      }
      changed = true;
      listed++;
      if (known == null) {
        known = new NameTable(oldItems);
      }
      for (DirectoryListing.Entry de : DirectoryListing.list(dirPath)) {
        String name = de.name();
        if (name.startsWith(".")) {
          continue;
        }
        if (de.type() != FileType.REGULAR && de.type() != FileType.UNKNOWN) {
          skipped.add(subdir, name, de.type()); // readdir's d_type said so: not even a stat
          continue;
        }
        int at = known.find(name, kept);
        if (at >= 0) {
          Entry prev = oldItems.get(at);
          kept[at] = prev.subdir().equals(subdir) && prev.name().equals(name)
              ? prev
              : new Entry(subdir, name, prev.mtime(), prev.size());
          continue;
        }
        Entry e = examine(dirPath, subdir, de, sizer, skipped);
        if (e != null) {
          fresh.add(e);
        }
      }
    }
    List<Entry> items = merge(kept, fresh);
    List<Entry> entries = new ArrayList<>(items.size());
    for (Entry it : items) {
      if (it.mtime() < nowSec) {
        entries.add(it);
      }
    }
    skipped.log();
    boolean written = false;
    if (old == null || changed || !states[0].equals(old.newDir()) || !states[1].equals(old.curDir())) {
      written = MaildirIndex.write(maildir,
          new MaildirIndex.Contents(inode, states[0], states[1], now.toEpochMilli(), items));
    }
    long settles = 0;
    for (MaildirIndex.DirState st : states) {
      if (!st.settled()) {
        long at = Math.floorDiv(Math.max(st.mtimeNanos(), st.ctimeNanos()) + MaildirIndex.SETTLE_NANOS, 1_000_000L);
        settles = Math.max(settles, at + 1);
      }
    }
    return new Result(entries, listed, written, settles);
  }

  /**
   * The entries in scan order ({@link Entry#ORDER}): the kept ones are in it already (the index
   * is), so only the few fresh ones are sorted and merged in. A kept entry whose new name sorts
   * differently from its old one (a flag change between two messages of the same second whose
   * names share a prefix) is caught by the final check, and then everything is sorted.
   */
  private static List<Entry> merge(Entry[] kept, List<Entry> fresh) {
    fresh.sort(Entry.ORDER);
    List<Entry> out = new ArrayList<>(kept.length + fresh.size());
    int f = 0;
    for (Entry k : kept) {
      if (k == null) {
        continue;
      }
      while (f < fresh.size() && Entry.ORDER.compare(fresh.get(f), k) < 0) {
        out.add(fresh.get(f++));
      }
      out.add(k);
    }
    while (f < fresh.size()) {
      out.add(fresh.get(f++));
    }
    for (int i = 1; i < out.size(); i++) {
      if (Entry.ORDER.compare(out.get(i - 1), out.get(i)) > 0) {
        out.sort(Entry.ORDER);
        break;
      }
    }
    return out;
  }

  /**
   * The index's entries by base name (the part before {@code :}, which a move from {@code new/}
   * to {@code cur/} or a flag change keeps), looked up without making a string per listed name:
   * open addressing over positions in the index. The base names are copied into one array, and
   * each slot keeps its name's hash, so that a lookup touches two flat arrays rather than
   * following an entry to its string to its bytes (on 100,000 names, those cache misses were
   * most of a relisting's time).
   */
  static final class NameTable {
    private final char[] chars; // every base name, one after the other
    private final int[] starts; // position -> offset in chars; starts[n] = chars.length
    private final int[] slots; // position + 1; 0 is empty
    private final int[] hashes; // the hash of the name in each slot
    private final int mask;
    private final int shift;

    NameTable(List<Entry> items) {
      int n = items.size();
      this.starts = new int[n + 1];
      int total = 0;
      for (int i = 0; i < n; i++) {
        starts[i] = total;
        total += baseEnd(items.get(i).name());
      }
      starts[n] = total;
      this.chars = new char[total];
      int cap = Integer.highestOneBit(Math.max(8, n * 2 - 1)) << 1;
      this.slots = new int[cap];
      this.hashes = new int[cap];
      this.mask = cap - 1;
      this.shift = Integer.numberOfLeadingZeros(cap) + 1;
      for (int i = 0; i < n; i++) {
        String name = items.get(i).name();
        int len = starts[i + 1] - starts[i];
        name.getChars(0, len, chars, starts[i]);
        int h = hash(name, len);
        int s = (h * 0x9E3779B9) >>> shift;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = i + 1;
        hashes[s] = h;
      }
    }

    /** The position of an entry with {@code name}'s base name not yet in {@code taken}, or -1. */
    int find(String name, Entry[] taken) {
      int end = baseEnd(name);
      int h = hash(name, end);
      for (int s = (h * 0x9E3779B9) >>> shift; slots[s] != 0; s = (s + 1) & mask) {
        if (hashes[s] != h) {
          continue;
        }
        int at = slots[s] - 1;
        if (taken[at] == null && sameBase(at, name, end)) {
          return at;
        }
      }
      return -1;
    }

    private boolean sameBase(int at, String name, int end) {
      int from = starts[at];
      if (starts[at + 1] - from != end) {
        return false;
      }
      for (int i = 0; i < end; i++) {
        if (chars[from + i] != name.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private static int baseEnd(String name) {
      int colon = name.indexOf(':');
      return colon < 0 ? name.length() : colon;
    }

    /**
     * The string hash of a base name. Its first slot is the top bits of the hash times 2^32/phi
     * (Fibonacci hashing): names of one maildrop differ in a few digits, and their string hashes
     * in a few low bits, which taken as they are would fill runs of neighbouring slots.
     */
    private static int hash(String s, int end) {
      int h = 0;
      for (int i = 0; i < end; i++) {
        h = 31 * h + s.charAt(i);
      }
      return h;
    }
  }

  /**
   * A file the index does not know, as {@link MaildirScan} examines it: its time from a {@code
   * maildir(5)} name (no {@code stat} when {@code readdir} says it is a regular file) or else its
   * mtime, its size from {@code ,W=} or else its content, read as {@link
   * org.vqpop.fs.RegularFile} opens files. Null when it is gone or not a message.
   */
  private static @Nullable Entry examine(Path dirPath, String subdir, DirectoryListing.Entry de,
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
    return new Entry(subdir, name, time, size);
  }
}
