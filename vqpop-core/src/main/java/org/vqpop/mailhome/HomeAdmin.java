package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;

/**
 * Users' homes, what the seed's {@code mkpopuser} changes: {@code DOMAINDIR/j/joeuser} with its
 * {@code Maildir} and {@code .qmail} files (see {@link HomeMaker}). A home is not a user: the
 * user's entry is {@link UserAdmin}'s.
 */
public final class HomeAdmin {
  private final AdminContext ctx;

  HomeAdmin(AdminContext ctx) {
    this.ctx = ctx;
  }

  /** Creates a user's home with its Maildir and {@code .qmail} (mkpopuser -a). */
  public Path create(Domain domain, UserName u) throws AdminException {
    return create(domain, u, null);
  }

  /**
   * Creates a user's home and, unless {@code quota} is null, sets the user's own quota (mkpopuser
   * -a -q). The quota lives in the user's database entry, so that entry must exist (mkpopdb -a).
   */
  public Path create(Domain domain, UserName u, @Nullable Quota quota) throws AdminException {
    return ctx.inDomain(domain, d -> {
      PopPasswd db = quota == null ? null
          : UserAdmin.existing(ctx, d, u, "add it with mkpopdb -a first: the quota is kept in its poppasswd line");
      Path h = make(d, u);
      if (db != null && quota != null) {
        db.put(db.get(u).orElseThrow().withQuota(quota.bytes(), quota.messages()));
        ctx.rebuilder.writeDomain(d, db);
      }
      return h;
    });
  }

  /** Removes a user's home, Maildir and mail included (mkpopuser -d); the entry stays. */
  public void remove(Domain domain, UserName u) throws AdminException {
    ctx.inDomain(domain, d -> {
      Path h = ctx.layout.home(d, u);
      if (!Files.isDirectory(h)) {
        throw AdminException.bad("no home " + h + " for " + u + "@" + d.domain());
      }
      delete(d, h);
      return null;
    });
  }

  /** Makes one home in a domain whose directory exists; the caller holds the lock. */
  Path make(VirtualDomain d, UserName u) throws AdminException, IOException {
    if (!Files.isDirectory(ctx.layout.domainDir(d))) {
      throw AdminException.bad("domain directory " + ctx.layout.domainDir(d)
          + " does not exist; add the domain with popdom -a");
    }
    return new HomeMaker(ctx.home, ctx.home.account(), false).make(d, u);
  }

  /** Removes a user's home and, when it was the last, its hash directory; the caller holds the lock. */
  void delete(VirtualDomain d, Path h) throws IOException {
    Trees.removeTree(ctx.home.root(), h);
    Trees.removeIfEmpty(ctx.layout.domainDir(d), h.getParent());
  }
}
