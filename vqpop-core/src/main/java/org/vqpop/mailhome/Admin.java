package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.fs.Umask;

/**
 * Every change an administrator makes to a mail home, behind both the seed's commands ({@code
 * popdom}, {@code mkpopdb}, {@code mkpopuser}) and {@code vqpop}, by what it changes: {@link
 * #domains}, {@link #users}, {@link #homes}, {@link #quotas} and {@link #imports}; and the mail
 * home itself ({@link #init}, {@link #rebuild}).
 *
 * <p>Names come in typed ({@code Domain}, {@code UserName}, {@code VirtualDomain}, {@code Quota}):
 * the commands parse what an administrator typed once, at their edge. Each change holds the mail
 * home's lock, looks the domain up again under it, checks everything before it writes anything,
 * and rebuilds what it touches (there is no {@code make} step): the domain's {@code
 * poppasswd.cdb} and, when the set of users changes, qmail's {@code users/assign} and {@code
 * users/cdb}. All parts share one lock and one {@link Rebuilder}.
 */
public final class Admin {
  private final AdminContext ctx;
  private final DomainAdmin domains;
  private final UserAdmin users;
  private final HomeAdmin homes;
  private final QuotaAdmin quotas;
  private final ImportAdmin imports;

  public Admin(MailHome home, PasswordEncoder encoder, Notices notices, Duration lockPatience) {
    this.ctx = new AdminContext(home, notices, lockPatience);
    this.domains = new DomainAdmin(ctx);
    this.homes = new HomeAdmin(ctx);
    this.users = new UserAdmin(ctx, homes, encoder);
    this.quotas = new QuotaAdmin(ctx);
    this.imports = new ImportAdmin(ctx);
  }

  public MailHome mailHome() {
    return ctx.home;
  }

  public DomainAdmin domains() {
    return domains;
  }

  public UserAdmin users() {
    return users;
  }

  public HomeAdmin homes() {
    return homes;
  }

  public QuotaAdmin quotas() {
    return quotas;
  }

  public ImportAdmin imports() {
    return imports;
  }

  /**
   * Rebuilds every derived file from its source: each domain's cdb and qmail's users files. {@code
   * force} replaces a {@code users/assign} that routes the pop account's addresses to homes outside
   * this mail home, which is otherwise refused (see {@link Rebuilder#checkAssign}). Existing homes
   * of domains without prefix get their {@code .qmail-default} back if it is missing.
   */
  public void rebuild(boolean force) throws AdminException {
    Rebuilder rebuilder = ctx.rebuilder;
    ctx.locked(() -> {
      VirtualPopDomains all = ctx.readDomains();
      Map<VirtualDomain, PopPasswd> dbs = new HashMap<>();
      for (VirtualDomain d : all.domains()) {
        dbs.put(d, ctx.readUsers(d));
      }
      rebuilder.checkAssign(force); // every source read, nothing written yet
      for (VirtualDomain d : all.domains()) {
        rebuilder.compileDomain(d, dbs.get(d));
        rebuilder.repairExtensionFiles(d, dbs.get(d));
      }
      rebuilder.writeQmailUsers(all, dbs);
      return null;
    });
  }

  /**
   * Creates the mail home (mode 0755, owned by the pop account) with its lock file and {@code
   * Makefile}; the only way besides {@code vqpop demo} that a mail home comes to exist. Its parent
   * must exist, so a mistyped path is not created with all its parents.
   *
   * @return whether the mail home was created now (false if it existed)
   */
  public boolean init() throws AdminException {
    PopAccount acct = ctx.home.account();
    Path root = ctx.home.root();
    boolean created = false;
    try {
      if (!Files.isDirectory(root)) {
        Path parent = root.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
          throw AdminException.bad("cannot create mail home " + root + ": " + parent + " does not exist");
        }
        created = Umask.mkdir(root, Trees.DIR_755);
        if (created) {
          acct.owner().apply(root);
        }
      }
    } catch (IOException e) {
      throw AdminContext.temporary(e);
    }
    ctx.locked(() -> {
      ctx.rebuilder.writeMakefile();
      return null;
    });
    return created;
  }
}
