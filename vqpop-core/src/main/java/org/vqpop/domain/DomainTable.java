package org.vqpop.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code virtualpopdomains} file as a long-running process sees it: parsed once, and parsed
 * again when the file's identity (device and inode, modification time, size) changes, so {@code
 * popdom} takes effect without a restart. The file is stat'ed at most once every {@code
 * checkIntervalMillis} (0: on every call; a stat is cheap).
 *
 * <p>A file that becomes malformed or unreadable does not take the domains away: the last good
 * table stays, and the error is logged once per bad version of the file. A missing file is an
 * empty table, as for the administrative commands.
 *
 * <p>Thread-safe: readers see an immutable snapshot through a volatile field; a check that finds
 * the file changed re-reads it under {@code this}, so concurrent callers do not parse it twice.
 */
public final class DomainTable {
  private static final Logger LOG = LoggerFactory.getLogger(DomainTable.class);

  /** What was last read; {@code problem} is the error of a bad version, logged once. */
  private record State(VirtualPopDomains domains, @Nullable Identity identity, @Nullable String problem,
      boolean everGood, long checkedAt) {}

  /** What tells one version of the file from another without reading it. */
  record Identity(@Nullable Object fileKey, long mtimeNanos, long size) {}

  private final Path file;
  private final long checkIntervalMillis;
  private final LongSupplier millis;
  private volatile @Nullable State state;

  public DomainTable(Path file, long checkIntervalMillis) {
    this(file, checkIntervalMillis, System::currentTimeMillis);
  }

  DomainTable(Path file, long checkIntervalMillis, LongSupplier millis) {
    if (checkIntervalMillis < 0) {
      throw new IllegalArgumentException("check interval must not be negative");
    }
    this.file = file;
    this.checkIntervalMillis = checkIntervalMillis;
    this.millis = millis;
  }

  public Path file() {
    return file;
  }

  /** The domains now: the last good parse of the file (empty if it never parsed). */
  public VirtualPopDomains current() {
    return state().domains();
  }

  /**
   * The error that keeps the file from being used, when it has never parsed (so {@link #current()}
   * is empty for a reason, not because there are no domains); null otherwise.
   */
  public @Nullable String unusable() {
    State s = state();
    return s.everGood() ? null : s.problem();
  }

  private State state() {
    State s = state;
    long now = millis.getAsLong();
    if (s != null && now - s.checkedAt() < checkIntervalMillis) {
      return s;
    }
    synchronized (this) {
      s = state;
      if (s != null && now - s.checkedAt() < checkIntervalMillis) {
        return s;
      }
      State next = refresh(s, now);
      state = next;
      return next;
    }
  }

  private State refresh(@Nullable State old, long now) {
    Identity id;
    try {
      id = identity(file);
    } catch (IOException e) {
      return failed(old, null, file + ": cannot stat: " + e.getMessage(), now);
    }
    if (old != null && Objects.equals(old.identity(), id)) {
      return new State(old.domains(), old.identity(), old.problem(), old.everGood(), now);
    }
    try {
      VirtualPopDomains d = id == null ? VirtualPopDomains.empty() : VirtualPopDomains.read(file);
      if (old != null && old.problem() != null && old.everGood()) {
        LOG.info("{}: readable again; {} domains", file, d.domains().size());
      }
      return new State(d, id, null, true, now);
    } catch (FileFormatException e) {
      return failed(old, id, e.getMessage(), now);
    } catch (IOException e) {
      return failed(old, id, file + ": cannot read: " + e.getMessage(), now);
    }
  }

  private State failed(@Nullable State old, @Nullable Identity id, String problem, long now) {
    if (old == null || !problem.equals(old.problem())) {
      LOG.error("{}{}", problem, old != null && old.everGood() ? "; keeping the domains read before" : "");
    }
    if (old == null) {
      return new State(VirtualPopDomains.empty(), id, problem, false, now);
    }
    return new State(old.domains(), id, problem, old.everGood(), now);
  }

  /** The file's identity; null when it does not exist. */
  static @Nullable Identity identity(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Identity(a.fileKey(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size());
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
