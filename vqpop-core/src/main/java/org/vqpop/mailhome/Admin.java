package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.fs.IoErrors;
import org.vqpop.fs.Umask;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Maildirs;
import org.vqpop.maildir.Quota;

/**
 * Every change an administrator makes to a mail home, behind both the seed's commands ({@code
 * popdom}, {@code mkpopdb}, {@code mkpopuser}) and {@code vqpop}. Each change holds the mail home's
 * lock, checks everything before it writes anything, and rebuilds what it touches (there is no
 * {@code make} step): the domain's {@code poppasswd.cdb} and, when the set of users changes,
 * qmail's {@code users/assign} and {@code users/cdb}.
 */
public final class Admin {
  private final MailHome home;
  private final PasswordEncoder encoder;
  private final Notices notices;
  private final Duration lockPatience;
  private final Rebuilder rebuilder;

  public Admin(MailHome home, PasswordEncoder encoder, Notices notices, Duration lockPatience) {
    this.home = home;
    this.encoder = encoder;
    this.notices = notices;
    this.lockPatience = lockPatience;
    this.rebuilder = new Rebuilder(home, notices);
  }

  public MailHome mailHome() {
    return home;
  }

  // ---- reading ----------------------------------------------------------------------------

  public VirtualPopDomains domains() throws AdminException {
    requireMailHome();
    try {
      return VirtualPopDomains.read(home.virtualPopDomains());
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /**
   * The domain an administrator named: by domain name, or else by its domain directory (the seed's
   * commands took either, as they were often the same).
   */
  public VirtualDomain domain(String name) throws AdminException {
    VirtualPopDomains all = domains();
    try {
      Optional<VirtualDomain> d = all.find(Domain.of(name));
      if (d.isPresent()) {
        return d.get();
      }
    } catch (InvalidNameException e) {
      // maybe a directory
    }
    for (VirtualDomain d : all.domains()) {
      if (d.directory().equals(name)) {
        return d;
      }
    }
    throw AdminException.bad("no domain " + name + " in " + home.virtualPopDomains());
  }

  public PopPasswd users(VirtualDomain d) throws AdminException {
    return Rebuilder.readUsers(home, d);
  }

  public Optional<PopUser> user(VirtualDomain d, UserName u) throws AdminException {
    return users(d).get(u);
  }

  // ---- domains ----------------------------------------------------------------------------

  /**
   * Adds a domain: its directory with an empty user database, its {@code virtualpopdomains} line
   * and, for a non-empty prefix, its {@code control/virtualdomains} line and {@code
   * .qmail-vdom-default}.
   */
  public VirtualDomain addDomain(String domain, String host, @Nullable String dir, @Nullable String prefix)
      throws AdminException {
    return addDomain(domain, host, dir, prefix, null);
  }

  /**
   * As {@link #addDomain(String, String, String, String)}, also setting the domain's default quota
   * ({@code DOMAINDIR/quota}) unless {@code quota} is null.
   */
  public VirtualDomain addDomain(String domain, String host, @Nullable String dir, @Nullable String prefix,
      @Nullable Quota quota) throws AdminException {
    VirtualDomain d;
    try {
      Domain name = Domain.of(domain);
      d = new VirtualDomain(name, org.vqpop.address.HostName.of(host), dir == null ? name.name() : dir,
          prefix == null ? "" : prefix);
    } catch (InvalidNameException e) {
      throw AdminException.bad(e.getMessage());
    }
    PopAccount acct = home.account();
    try (MailHomeLock lock = lock()) {
      VirtualPopDomains all = domains();
      VirtualPopDomains changed;
      try {
        changed = all.with(d);
      } catch (IllegalArgumentException e) {
        throw AdminException.bad(e.getMessage());
      }
      rebuilder.checkRoute(d); // refuse before writing anything
      rebuilder.checkAssign(false);
      Path dd = home.layout().domainDir(d);
      Trees.mkdirs(home.root(), dd, Trees.DIR_755, acct.owner());
      if (!Files.exists(home.layout().popPasswd(d))) {
        rebuilder.writeDomain(d, PopPasswd.empty());
      } else {
        rebuilder.writeDomain(d, Rebuilder.readUsers(home, d));
      }
      if (quota != null) {
        rebuilder.writeDomainQuota(d, quota);
      }
      rebuilder.writeDomains(changed);
      rebuilder.addRoute(d);
      rebuilder.writeMakefile();
      rebuilder.writeQmailUsers(changed, null, null);
      return d;
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /**
   * Removes a domain: refused while it has users unless {@code force}, which also removes their
   * homes and mail.
   */
  public void removeDomain(String domain, boolean force) throws AdminException {
    try (MailHomeLock lock = lock()) {
      VirtualPopDomains all = domains();
      VirtualDomain d = domain(domain);
      PopPasswd users = Rebuilder.readUsers(home, d);
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
        notices.notice("directory " + home.layout().domainDir(d) + " is shared with another domain; left in place");
      } else {
        Trees.removeTree(home.root(), home.layout().domainDir(d));
      }
      rebuilder.writeQmailUsers(changed, null, null);
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  // ---- users ------------------------------------------------------------------------------

  /** Sets the POP password of a user, adding the user's entry if it is new (mkpopdb -a). */
  public void setPassword(String domain, String user, byte[] password) throws AdminException {
    checkPassword(password, "password");
    String hash = encoder.encode(password);
    changeUser(domain, user, old -> old == null ? PopUser.withPassword(parseUser(user), hash) : old.withPasswordHash(hash));
  }

  /** Sets the APOP secret of a user, adding the user's entry if it is new (mkpopdb -a -s). */
  public void setSecret(String domain, String user, String secret) throws AdminException {
    checkSecret(secret);
    changeUser(domain, user, old -> old == null ? PopUser.withSecret(parseUser(user), secret) : old.withApopSecret(secret));
  }

  /** Removes a user's database entry (mkpopdb -d); the home stays. */
  public void removeEntry(String domain, String user) throws AdminException {
    UserName u = parseUser(user);
    inDomain(domain, d -> {
      PopPasswd db = Rebuilder.readUsers(home, d);
      if (!db.remove(u)) {
        throw AdminException.bad("no user " + u + " in " + home.layout().popPasswd(d));
      }
      rebuilder.checkAssign(false);
      rebuilder.writeDomain(d, db);
      rebuilder.writeQmailUsers(domains(), d, db);
      return null;
    });
  }

  /** Creates a user's home with its Maildir and {@code .qmail} (mkpopuser -a). */
  public Path createHome(String domain, String user) throws AdminException {
    return createHome(domain, user, null);
  }

  /**
   * Creates a user's home and, unless {@code quota} is null, sets the user's own quota (mkpopuser
   * -a -q). The quota lives in the user's database entry, so that entry must exist (mkpopdb -a).
   */
  public Path createHome(String domain, String user, @Nullable Quota quota) throws AdminException {
    UserName u = parseUser(user);
    return inDomain(domain, d -> {
      PopPasswd db = quota == null ? null : existingUser(d, u, "add it with mkpopdb -a first: the quota is kept in its poppasswd line");
      Path h = makeHome(d, u);
      if (db != null && quota != null) {
        db.put(db.get(u).orElseThrow().withQuota(quota.bytes(), quota.messages()));
        rebuilder.writeDomain(d, db);
      }
      return h;
    });
  }

  /** Removes a user's home, Maildir and mail included (mkpopuser -d). */
  public void removeHome(String domain, String user) throws AdminException {
    UserName u = parseUser(user);
    inDomain(domain, d -> {
      Path h = home.layout().home(d, u);
      if (!Files.isDirectory(h)) {
        throw AdminException.bad("no home " + h + " for " + u + "@" + d.domain());
      }
      deleteHome(d, h);
      return null;
    });
  }

  /**
   * Adds a user in one step: the entry with a password or an APOP secret (or both), and the home.
   * Refused if the user exists.
   */
  public Path addUser(String domain, String user, byte @Nullable [] password, @Nullable String secret)
      throws AdminException {
    return addUser(domain, user, password, secret, Quota.NONE);
  }

  /** As {@link #addUser(String, String, byte[], String)}, with the user's own quota. */
  public Path addUser(String domain, String user, byte @Nullable [] password, @Nullable String secret, Quota quota)
      throws AdminException {
    UserName u = parseUser(user);
    if (password == null && secret == null) {
      throw AdminException.bad("a new user needs a password or an APOP secret");
    }
    if (password != null) {
      checkPassword(password, "password");
    }
    if (secret != null) {
      checkSecret(secret);
    }
    String hash = password == null ? "" : encoder.encode(password);
    return inDomain(domain, d -> {
      PopPasswd db = Rebuilder.readUsers(home, d);
      if (db.get(u).isPresent()) {
        throw AdminException.bad("user " + u + "@" + d.domain() + " already exists");
      }
      db.put(new PopUser(u, hash, secret == null ? "" : secret, quota.bytes(), quota.messages(), List.of()));
      rebuilder.checkAssign(false);
      Path h = makeHome(d, u);
      rebuilder.writeDomain(d, db);
      rebuilder.writeQmailUsers(domains(), d, db);
      return h;
    });
  }

  /** Removes a user's entry and home in one step. */
  public void removeUser(String domain, String user) throws AdminException {
    UserName u = parseUser(user);
    inDomain(domain, d -> {
      PopPasswd db = Rebuilder.readUsers(home, d);
      boolean had = db.remove(u);
      Path h = home.layout().home(d, u);
      boolean hadHome = Files.isDirectory(h);
      if (!had && !hadHome) {
        throw AdminException.bad("no user " + u + "@" + d.domain());
      }
      if (had) {
        rebuilder.checkAssign(false);
        rebuilder.writeDomain(d, db);
        rebuilder.writeQmailUsers(domains(), d, db);
      }
      deleteHome(d, h);
      return null;
    });
  }

  // ---- quotas ------------------------------------------------------------------------------

  /** Reads a quota as an administrator writes it ({@link Quota#parse}); bad text is bad input. */
  public static Quota parseQuota(String text) throws AdminException {
    try {
      return Quota.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.bad("bad quota: " + e.getMessage());
    }
  }

  /** A domain's default quota, {@code DOMAINDIR/quota}; none without the file. */
  public Quota domainQuota(VirtualDomain d) throws AdminException {
    try {
      return DomainQuota.load(home.layout().domainDir(d));
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /** Sets a domain's default quota; {@link Quota#NONE} removes {@code DOMAINDIR/quota}. */
  public VirtualDomain setDomainQuota(String domain, Quota quota) throws AdminException {
    return inDomain(domain, d -> {
      if (!Files.isDirectory(home.layout().domainDir(d))) {
        throw AdminException.bad("domain directory " + home.layout().domainDir(d) + " does not exist");
      }
      rebuilder.writeDomainQuota(d, quota);
      return d;
    });
  }

  /**
   * Sets a user's own quota in its {@code poppasswd} line and the cdb; {@link Quota#NONE} clears
   * it, so that the domain's default applies.
   */
  public void setUserQuota(String domain, String user, Quota quota) throws AdminException {
    UserName u = parseUser(user);
    inDomain(domain, d -> {
      PopPasswd db = existingUser(d, u, "add it first");
      db.put(db.get(u).orElseThrow().withQuota(quota.bytes(), quota.messages()));
      rebuilder.writeDomain(d, db);
      return null;
    });
  }

  /**
   * A user's quota (own, the domain's default, effective) and the usage of its Maildir: what a
   * {@code maildirsize} written for the effective quota records, else a count of the Maildir.
   * Reads only; unlike a delivery it never writes a {@code maildirsize}.
   */
  public QuotaReport quotaReport(VirtualDomain d, PopUser u) throws AdminException {
    Quota own = new Quota(u.quotaBytes(), u.quotaMessages());
    Quota domainDefault = domainQuota(d);
    Quota effective = own.orElse(domainDefault);
    Path maildir = home.layout().home(d, u.name()).resolve("Maildir");
    try {
      if (!Maildirs.isMaildir(maildir)) {
        return new QuotaReport(own, domainDefault, effective, new MaildirSize.Usage(0, 0), QuotaReport.Source.NO_MAILDIR);
      }
      MaildirSize.Usage recorded = effective.unlimited() ? null : MaildirSize.recorded(maildir, effective);
      return recorded != null
          ? new QuotaReport(own, domainDefault, effective, recorded, QuotaReport.Source.MAILDIRSIZE)
          : new QuotaReport(own, domainDefault, effective, MaildirSize.scan(maildir), QuotaReport.Source.SCAN);
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /** Rebuilds every derived file from its source: each domain's cdb and qmail's users files. */
  public void rebuild() throws AdminException {
    rebuild(false);
  }

  /**
   * As {@link #rebuild()}; {@code force} replaces a {@code users/assign} that routes the pop
   * account's addresses to homes outside this mail home, which is otherwise refused (see {@link
   * Rebuilder#checkAssign}). Existing homes of domains without prefix get their {@code
   * .qmail-default} back if it is missing.
   */
  public void rebuild(boolean force) throws AdminException {
    try (MailHomeLock lock = lock()) {
      VirtualPopDomains all = domains();
      Map<VirtualDomain, PopPasswd> dbs = new HashMap<>();
      for (VirtualDomain d : all.domains()) {
        dbs.put(d, Rebuilder.readUsers(home, d));
      }
      rebuilder.checkAssign(force); // every source read, nothing written yet
      for (VirtualDomain d : all.domains()) {
        rebuilder.compileDomain(d, dbs.get(d));
        rebuilder.repairExtensionFiles(d, dbs.get(d));
      }
      rebuilder.writeQmailUsers(all, dbs);
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /**
   * Imports users in one pass with one rebuild: each entry's APOP secret or password hash is
   * stored and its home created. Existing users are updated. Everything is checked before anything
   * is written.
   */
  public int importUsers(String domain, List<ImportEntry> entries) throws AdminException {
    return inDomain(domain, d -> {
      PopPasswd db = Rebuilder.readUsers(home, d);
      for (ImportEntry e : entries) {
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
      rebuilder.checkAssign(false);
      makeHomes(d, entries);
      rebuilder.writeDomain(d, db);
      rebuilder.writeQmailUsers(domains(), d, db);
      return entries.size();
    });
  }

  /**
   * Makes the homes of an import on a few threads: the work is nearly all system calls (five
   * mkdirs and a rename per user). The home directories of one hash directory ({@code
   * DOMAINDIR/j}) are made by one task, since concurrent mkdirs in one directory contend for its
   * lock; each new home is then filled (Maildir, {@code .qmail}) by any thread.
   */
  private void makeHomes(VirtualDomain d, List<ImportEntry> entries) throws AdminException, IOException {
    HomeMaker maker = new HomeMaker(home, home.account(), true);
    Map<Path, List<UserName>> byHashDir = new LinkedHashMap<>();
    for (ImportEntry e : entries) {
      byHashDir.computeIfAbsent(home.layout().home(d, e.user()).getParent(), k -> new ArrayList<>()).add(e.user());
    }
    int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Queue<Future<?>> work = new ConcurrentLinkedQueue<>();
    try {
      for (List<UserName> group : byHashDir.values()) {
        work.add(pool.submit(() -> {
          for (UserName u : group) {
            boolean fresh = maker.makeHomeDirectory(d, u);
            Path h = home.layout().home(d, u);
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

  /** One user to import: a secret, a hash, or both. */
  public record ImportEntry(UserName user, @Nullable String secret, @Nullable String passwordHash) {}

  // ---- helpers ----------------------------------------------------------------------------

  private interface UserChange {
    PopUser apply(@Nullable PopUser old) throws AdminException;
  }

  private void changeUser(String domain, String user, UserChange change) throws AdminException {
    UserName u = parseUser(user);
    inDomain(domain, d -> {
      PopPasswd db = Rebuilder.readUsers(home, d);
      PopUser old = db.get(u).orElse(null);
      db.put(change.apply(old));
      if (old == null) {
        rebuilder.checkAssign(false);
      }
      rebuilder.writeDomain(d, db);
      if (old == null) {
        rebuilder.writeQmailUsers(domains(), d, db);
      }
      return null;
    });
  }

  /** The domain's database, which must hold {@code u}; else bad input ending with {@code hint}. */
  private PopPasswd existingUser(VirtualDomain d, UserName u, String hint) throws AdminException {
    PopPasswd db = Rebuilder.readUsers(home, d);
    if (db.get(u).isEmpty()) {
      throw AdminException.bad("no user " + u + " in " + home.layout().popPasswd(d) + "; " + hint);
    }
    return db;
  }

  private Path makeHome(VirtualDomain d, UserName u) throws AdminException, IOException {
    if (!Files.isDirectory(home.layout().domainDir(d))) {
      throw AdminException.bad("domain directory " + home.layout().domainDir(d) + " does not exist; add the domain with popdom -a");
    }
    return new HomeMaker(home, home.account(), false).make(d, u);
  }

  /** A user name as an administrator typed it; a bad one is bad input. */
  public static UserName parseUser(String user) throws AdminException {
    try {
      return UserName.of(user);
    } catch (InvalidNameException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  static void checkPassword(byte[] pw, String what) throws AdminException {
    if (pw.length == 0) {
      throw AdminException.bad("the " + what + " is empty");
    }
    for (byte b : pw) {
      if (b == 0 || b == '\n' || b == '\r') {
        throw AdminException.bad("the " + what + " contains a NUL, CR or LF, which POP3 cannot carry");
      }
    }
  }

  static void checkSecret(String secret) throws AdminException {
    if (secret.isEmpty()) {
      throw AdminException.bad("the APOP secret is empty");
    }
    try {
      PopUser.checkSecret(secret);
    } catch (IllegalArgumentException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** Work on one domain under the mail home's lock. */
  private interface DomainWork<T> {
    T run(VirtualDomain d) throws AdminException, IOException;
  }

  /**
   * Runs {@code work} on the named domain while holding the lock; an I/O failure becomes a
   * temporary failure that names the file.
   */
  private <T> T inDomain(String domain, DomainWork<T> work) throws AdminException {
    try (MailHomeLock lock = lock()) {
      return work.run(domain(domain));
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /** Removes a user's home and, when it was the last, its hash directory. */
  private void deleteHome(VirtualDomain d, Path h) throws IOException {
    Trees.removeTree(home.root(), h);
    Trees.removeIfEmpty(home.layout().domainDir(d), h.getParent());
  }

  private MailHomeLock lock() throws AdminException {
    requireMailHome();
    return MailHomeLock.acquire(home.lockFile(), lockPatience, home.account().owner());
  }

  /**
   * A missing mail home is an error, never created on the way: a mistyped {@code --mailhome} or
   * {@code MAILHOME} would otherwise get a fresh, empty mail home, and the {@code users/assign}
   * rebuilt from it would take every user's route away. {@link #init} creates one.
   */
  private void requireMailHome() throws AdminException {
    if (!Files.isDirectory(home.root())) {
      throw AdminException.bad("mail home " + home.root() + " does not exist (check --mailhome or MAILHOME;"
          + " 'vqpop init' creates a new one)");
    }
  }

  /**
   * Creates the mail home (mode 0755, owned by the pop account) with its lock file and {@code
   * Makefile}; the only way besides {@code vqpop demo} that a mail home comes to exist. Its parent
   * must exist, so a mistyped path is not created with all its parents.
   *
   * @return whether the mail home was created now (false if it existed)
   */
  public boolean init() throws AdminException {
    PopAccount acct = home.account();
    Path root = home.root();
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
      try (MailHomeLock lock = lock()) {
        rebuilder.writeMakefile();
      }
    } catch (IOException e) {
      throw temporary(e);
    }
    return created;
  }

  static AdminException temporary(IOException e) {
    return new AdminException(AdminException.Kind.TEMPORARY, IoErrors.describe(e), e);
  }
}
