package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;

/**
 * Many users at once ({@code vqpop import}, the seed's {@code mhpop2qpop}): every entry stored and
 * its home made, with one rebuild, under one hold of the lock.
 */
public final class ImportAdmin {
  private final AdminContext ctx;

  ImportAdmin(AdminContext ctx) {
    this.ctx = ctx;
  }

  /** One user to import: a secret, a hash, or both. */
  public record Entry(UserName user, @Nullable String secret, @Nullable String passwordHash) {}

  /**
   * Imports users in one pass with one rebuild: each entry's APOP secret or password hash is
   * stored and its home created. Existing users are updated. Everything is checked before anything
   * is written.
   *
   * @return how many entries were imported
   */
  public int importUsers(Domain domain, List<Entry> entries) throws AdminException {
    return ctx.inDomain(domain, d -> {
      PopPasswd db = ctx.readUsers(d);
      for (Entry e : entries) {
        PopUser old = db.get(e.user()).orElse(null);
        PopUser base = old != null ? old : new PopUser(e.user(), "", "", 0, 0, List.of());
        if (e.secret() != null) {
          base = base.withApopSecret(e.secret());
        }
        if (e.passwordHash() != null) {
          base = base.withPasswordHash(e.passwordHash());
        }
        db.put(base);
      }
      ctx.rebuilder.checkAssign(false);
      makeHomes(d, entries);
      ctx.rebuilder.writeDomain(d, db);
      ctx.rebuilder.writeQmailUsers(ctx.readDomains(), d, db);
      return entries.size();
    });
  }

  /**
   * Makes the homes of an import on a few threads: the work is nearly all system calls (five
   * mkdirs and a rename per user). The home directories of one hash directory ({@code
   * DOMAINDIR/j}) are made by one task, since concurrent mkdirs in one directory contend for its
   * lock; each new home is then filled (Maildir, {@code .qmail}) by any thread.
   */
  private void makeHomes(VirtualDomain d, List<Entry> entries) throws AdminException, IOException {
    HomeMaker maker = new HomeMaker(ctx.home, ctx.home.account(), true);
    Map<Path, List<UserName>> byHashDir = new LinkedHashMap<>();
    for (Entry e : entries) {
      byHashDir.computeIfAbsent(ctx.layout.home(d, e.user()).getParent(), k -> new ArrayList<>()).add(e.user());
    }
    int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Queue<Future<?>> work = new ConcurrentLinkedQueue<>();
    try {
      for (List<UserName> group : byHashDir.values()) {
        work.add(pool.submit(() -> {
          for (UserName u : group) {
            boolean fresh = maker.makeHomeDirectory(d, u);
            Path h = ctx.layout.home(d, u);
            work.add(pool.submit(() -> {
              maker.fill(h, fresh, !d.hasPrefix());
              return null;
            }));
          }
          return null;
        }));
      }
      Future<?> f;
      while ((f = work.poll()) != null) { // a group's task adds its fills before it completes
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AdminException(AdminException.Kind.TEMPORARY, "interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    maker.finish();
  }
}
