package org.vqpop.mailhome;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.maildir.Quota;

/**
 * The domains of a mail home, what the seed's {@code popdom} changes: {@code virtualpopdomains},
 * each domain's directory and user database, and for a domain with a prefix its routes in qmail's
 * {@code control/virtualdomains} and {@code ~alias/.qmail-vdom-default}.
 */
public final class DomainAdmin {
  private final AdminContext ctx;

  DomainAdmin(AdminContext ctx) {
    this.ctx = ctx;
  }

  /** Every domain, in the file's order (the first is the one used when nothing selects one). */
  public VirtualPopDomains all() throws AdminException {
    return ctx.readDomains();
  }

  /** The domain named {@code name}; its absence is bad input naming {@code virtualpopdomains}. */
  public VirtualDomain get(Domain name) throws AdminException {
    return ctx.find(ctx.readDomains(), name);
  }

  /**
   * Adds a domain: its directory with an empty user database (an existing one is compiled again),
   * its {@code virtualpopdomains} line and, for a non-empty prefix, its {@code
   * control/virtualdomains} line and {@code .qmail-vdom-default}; unless {@code quota} is null,
   * also its default quota ({@code DOMAINDIR/quota}). Everything is checked before anything is
   * written.
   */
  public VirtualDomain add(VirtualDomain d, @Nullable Quota quota) throws AdminException {
    PopAccount acct = ctx.home.account();
    Rebuilder rebuilder = ctx.rebuilder;
    return ctx.locked(() -> {
      VirtualPopDomains changed;
      try {
        changed = ctx.readDomains().with(d);
      } catch (IllegalArgumentException e) {
        throw AdminException.bad(e.getMessage());
      }
      rebuilder.checkRoute(d); // refuse before writing anything
      rebuilder.checkAssign(false);
      Path dd = ctx.layout.domainDir(d);
      Trees.mkdirs(ctx.home.root(), dd, Trees.DIR_755, acct.owner());
      if (!Files.exists(ctx.layout.popPasswd(d))) {
        rebuilder.writeDomain(d, PopPasswd.empty());
      } else {
        rebuilder.writeDomain(d, ctx.readUsers(d));
      }
      if (quota != null) {
        rebuilder.writeDomainQuota(d, quota);
      }
      rebuilder.writeDomains(changed);
      rebuilder.addRoute(d);
      rebuilder.writeMakefile();
      rebuilder.writeQmailUsers(changed, null, null);
      return d;
    });
  }

  /**
   * Removes a domain: refused while it has users unless {@code force}, which also removes their
   * homes and mail. A directory another domain shares stays.
   */
  public void remove(Domain name, boolean force) throws AdminException {
    Rebuilder rebuilder = ctx.rebuilder;
    ctx.locked(() -> {
      VirtualPopDomains all = ctx.readDomains();
      VirtualDomain d = ctx.find(all, name);
      PopPasswd users = ctx.readUsers(d);
      boolean shared = all.domains().stream()
          .anyMatch(o -> !o.equals(d) && o.directory().equals(d.directory()));
      if (users.size() > 0 && !force && !shared) {
        throw AdminException.bad("domain " + d.domain() + " still has " + users.size()
            + " user(s); remove them first, or use -f to remove the domain with its users and their mail");
      }
      VirtualPopDomains changed = all.without(d.domain());
      rebuilder.checkAssign(false);
      rebuilder.writeDomains(changed);
      rebuilder.removeRoute(d);
      if (shared) {
        ctx.notices.notice("directory " + ctx.layout.domainDir(d) + " is shared with another domain; left in place");
      } else {
        Trees.removeTree(ctx.home.root(), ctx.layout.domainDir(d));
      }
      rebuilder.writeQmailUsers(changed, null, null);
      return null;
    });
  }
}
