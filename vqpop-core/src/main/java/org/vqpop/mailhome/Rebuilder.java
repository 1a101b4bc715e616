package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vqpop.cdb.CdbWriter;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserRecordCodec;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.fs.AtomicFile;
import org.vqpop.fs.FileOwner;
import org.vqpop.fs.FileSystemSync;
import org.vqpop.maildir.Quota;
import org.vqpop.qmail.AssignEntry;
import org.vqpop.qmail.UsersAssign;
import org.vqpop.qmail.UsersCdb;
import org.vqpop.qmail.VirtualDomainsFile;

/** Writes the files derived from the sources: what {@code Makefile.pop} and {@code Makefile.users} did. */
final class Rebuilder {
  /** The user databases hold APOP secrets in plain text: not world-readable (the seed's mode 660). */
  static final Set<PosixFilePermission> MODE_660 = PosixFilePermissions.fromString("rw-rw----");

  static final Set<PosixFilePermission> MODE_644 = PosixFilePermissions.fromString("rw-r--r--");
  static final String VDOM_DEFAULT = ".qmail-vdom-default";
  static final String FORWARD_EXT2 = "|forward \"$EXT2\"\n";
  static final String MAKEFILE_MARK = "# Written by vqpop";
  /**
   * Local parts qmail's own aliases answer (~alias/.qmail-NAME): a user of a domain without prefix
   * by one of these names takes that address of every local domain, which deserves a notice.
   */
  static final Set<String> RESERVED = Set.of("postmaster", "mailer-daemon", "root");

  private final MailHome home;
  private final Notices notices;

  Rebuilder(MailHome home, Notices notices) {
    this.home = home;
    this.notices = notices;
  }

  static PopPasswd readUsers(MailHome home, VirtualDomain d) throws AdminException {
    try {
      return PopPasswd.read(home.layout().popPasswd(d));
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw AdminContext.temporary(e);
    }
  }

  /** Writes the domain's {@code poppasswd} source, then compiles its cdb. */
  void writeDomain(VirtualDomain d, PopPasswd db) throws IOException, AdminException {
    FileOwner owner = home.account().owner();
    AtomicFile.writeText(home.layout().popPasswd(d), MODE_660, owner, db::writeTo);
    compileDomain(d, db);
  }

  void compileDomain(VirtualDomain d, PopPasswd db) throws IOException, AdminException {
    try (CdbWriter w = CdbWriter.create(home.layout().popPasswdCdb(d), MODE_660, home.account().owner())) {
      for (PopUser u : db.users()) {
        w.add(UserRecordCodec.key(u.name()), UserRecordCodec.encode(u, home.layout().home(d, u.name())));
      }
      w.commit();
    }
  }

  /**
   * The domain's default quota, {@code DOMAINDIR/quota} (mode 0660, owned by the pop account, like
   * {@code poppasswd}); an unlimited quota removes the file.
   */
  void writeDomainQuota(VirtualDomain d, Quota q) throws IOException, AdminException {
    Path file = home.layout().domainDir(d).resolve(DomainQuota.FILE);
    if (q.unlimited()) {
      if (Files.deleteIfExists(file)) {
        AtomicFile.syncDirectory(file.getParent());
      }
      return;
    }
    AtomicFile.writeString(file, MODE_660, home.account().owner(), DomainQuota.render(q));
  }

  void writeDomains(VirtualPopDomains all) throws IOException, AdminException {
    AtomicFile.writeString(home.virtualPopDomains(), MODE_644, home.account().owner(), all.render());
  }

  private boolean qmailPresent() {
    if (Files.isDirectory(home.qmail())) {
      return true;
    }
    notices.notice("qmail directory " + home.qmail() + " not found: qmail's files are not written"
        + " (set --qmail DIR or QMAIL_HOME)");
    return false;
  }

  private String route(VirtualDomain d) throws AdminException {
    return home.account().name() + "-vdom-" + d.prefix();
  }

  /** Refuses, before anything is written, a domain whose virtualdomains line would clash. */
  void checkRoute(VirtualDomain d) throws IOException, AdminException {
    if (!d.hasPrefix() || !Files.isDirectory(home.qmail())) {
      return;
    }
    VirtualDomainsFile vd = VirtualDomainsFile.read(home.controlVirtualDomains());
    var have = vd.routeOf(d.domain());
    if (have.isPresent() && !have.get().equals(route(d))) {
      throw AdminException.bad(home.controlVirtualDomains() + " already routes " + d.domain() + " to '"
          + have.get() + "', not '" + route(d) + "'");
    }
  }

  /** {@code control/virtualdomains} and {@code ~alias/.qmail-vdom-default} for a prefixed domain. */
  void addRoute(VirtualDomain d) throws IOException, AdminException {
    if (!d.hasPrefix() || !qmailPresent()) {
      return;
    }
    Path control = home.controlVirtualDomains();
    VirtualDomainsFile vd = VirtualDomainsFile.read(control);
    if (vd.add(d.domain(), route(d))) {
      Files.createDirectories(control.getParent());
      AtomicFile.writeString(control, MODE_644, FileOwner.current(), vd.render());
    }
    PopAccount acct = home.account();
    Path dotQmail = acct.home().resolve(VDOM_DEFAULT);
    if (!Files.isDirectory(acct.home())) {
      notices.notice("home " + acct.home() + " of " + acct.name() + " not found: " + VDOM_DEFAULT
          + " not written (set POP_HOME)");
    } else if (!Files.exists(dotQmail)) {
      AtomicFile.writeString(dotQmail, MODE_644, acct.owner(), FORWARD_EXT2);
    }
  }

  void removeRoute(VirtualDomain d) throws IOException, AdminException {
    if (!d.hasPrefix() || !Files.isDirectory(home.qmail())) {
      return;
    }
    Path control = home.controlVirtualDomains();
    VirtualDomainsFile vd = VirtualDomainsFile.read(control);
    if (vd.remove(d.domain(), route(d))) {
      AtomicFile.writeString(control, MODE_644, FileOwner.current(), vd.render());
    }
  }

  /**
   * A {@code Makefile} for administrators who type {@code make} out of habit: its default target
   * rebuilds everything. One we did not write is left alone.
   */
  void writeMakefile() throws IOException, AdminException {
    Path mf = home.makefile();
    if (Files.exists(mf) && !Files.readString(mf, StandardCharsets.UTF_8).startsWith(MAKEFILE_MARK)) {
      return;
    }
    String vqpopHome = System.getProperty("vqpop.home");
    String bin = vqpopHome != null ? vqpopHome + "/bin/vqpop" : "vqpop";
    String text = MAKEFILE_MARK + ". vqpop needs no make step: every change rebuilds what it touches.\n"
        + "# 'make' still works, and rebuilds every poppasswd.cdb, users/assign and users/cdb.\n"
        + "VQPOP = " + bin + "\n\n"
        + "all:\n"
        + "\t$(VQPOP) --mailhome $(CURDIR) --qmail " + home.qmail() + " --pop-user "
        + home.account().name() + " rebuild\n\n"
        + ".PHONY: all\n";
    AtomicFile.writeString(mf, MODE_644, home.account().owner(), text);
  }

  /**
   * A user's {@code users/assign} lines. A prefixed domain's user is reached through {@code
   * control/virtualdomains} and {@code ~alias/.qmail-vdom-default} as the local address {@code
   * PREFIX-USER}: one exact line. A domain without prefix is one of qmail's {@code control/locals},
   * so the local part arrives as it is: {@code =USER} for {@code USER} (its {@code .qmail}) and
   * {@code +USER-} for {@code USER-EXT} (its {@code .qmail-EXT}, else {@code .qmail-default},
   * which {@link HomeMaker} writes). qmail-lspawn tries a wildcard key only as a proper start of
   * the address, so {@code +USER-} alone left {@code USER} itself to qmail-getpw, which bounced it.
   */
  static List<AssignEntry> assignEntries(PopAccount acct, VirtualDomain d, String user, Path h) {
    if (d.hasPrefix()) {
      return List.of(AssignEntry.exact(d.prefix() + "-" + user, acct.name(), acct.uid(), acct.gid(), h));
    }
    return List.of(AssignEntry.wildcard(user + "-", acct.name(), acct.uid(), acct.gid(), h),
        AssignEntry.exact(user, acct.name(), acct.uid(), acct.gid(), h));
  }

  /**
   * Refuses to replace a {@code users/assign} that routes the pop account's mail to homes this mail
   * home does not hold: such lines come from another mail home, or this one is mistyped, and
   * rewriting the file would take every one of those users' routes away. Lines that come from
   * {@code append.local} are written again, so they do not count. {@code force} skips the check
   * (a mail home that moved).
   */
  void checkAssign(boolean force) throws IOException, AdminException {
    Path assign = home.usersAssign();
    if (force || !Files.isRegularFile(assign)) {
      return;
    }
    PopAccount acct = home.account();
    String append = appendLocal();
    List<String> foreign = UsersAssign.foreignRoutes(assign, acct.name(), home.root(), append);
    if (foreign.isEmpty()) {
      return;
    }
    int shown = Math.min(3, foreign.size());
    throw AdminException.bad(assign + " routes " + foreign.size() + " address(es) of " + acct.name()
        + " to homes outside the mail home " + home.root() + " (" + String.join(", ", foreign.subList(0, shown))
        + (foreign.size() > shown ? ", ..." : "") + "): is the mail home right? Rewriting it would take those"
        + " routes away; if the mail home moved, run 'vqpop rebuild --force'");
  }

  /**
   * Writes the missing {@code .qmail-default} of each existing home of a domain without prefix,
   * which homes made before vqpop wrote it lack; homes themselves are never created here. As in an
   * import, the files are made durable by one sync of the file system rather than one fsync each
   * (20,000 homes took a minute with an fsync each).
   */
  void repairExtensionFiles(VirtualDomain d, PopPasswd db) throws IOException, AdminException {
    if (d.hasPrefix()) {
      return;
    }
    boolean bulk = FileSystemSync.available();
    boolean wrote = false;
    for (PopUser u : db.users()) {
      Path h = home.layout().home(d, u.name());
      if (Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) {
        wrote |= HomeMaker.writeDefaultIfMissing(h, home.account().owner(), bulk);
      }
    }
    if (wrote && bulk) {
      FileSystemSync.syncFileSystem(home.root());
    }
  }

  /**
   * Regenerates {@code users/assign} (append.local, then a line per POP user, then '.') and
   * compiles {@code users/cdb}. {@code changed} and {@code changedDb} stand for a domain whose
   * database is in memory and may not be written yet.
   */
  void writeQmailUsers(VirtualPopDomains all, @Nullable VirtualDomain changed, @Nullable PopPasswd changedDb)
      throws IOException, AdminException {
    Map<VirtualDomain, PopPasswd> known = new HashMap<>();
    if (changed != null && changedDb != null) {
      known.put(changed, changedDb);
    }
    writeQmailUsers(all, known);
  }

  /** qmail's {@code users/append.local}, as text to append to {@code users/assign}; bad input named. */
  private String appendLocal() throws IOException, AdminException {
    try {
      return UsersAssign.readAppendLocal(home.appendLocal());
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** As above, with the databases already in memory in {@code known}; the others are read. */
  void writeQmailUsers(VirtualPopDomains all, Map<VirtualDomain, PopPasswd> known) throws IOException, AdminException {
    if (!qmailPresent()) {
      return;
    }
    PopAccount acct = home.account();
    String append = appendLocal();
    List<AssignEntry> entries = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (VirtualDomain d : all.domains()) {
      PopPasswd db = known.containsKey(d) ? known.get(d) : readUsers(home, d);
      for (PopUser u : db.users()) {
        if (!d.hasPrefix() && (RESERVED.contains(u.name().name()) || u.name().name().equals(acct.name()))) {
          notices.notice("users/assign: =" + u.name() + " of " + d.domain() + " takes " + u.name()
              + "@ of every domain in qmail's control/locals from qmail's own aliases");
        }
        for (AssignEntry e : assignEntries(acct, d, u.name().name(), home.layout().home(d, u.name()))) {
          String key = (e.wildcard() ? "+" : "=") + e.local();
          String prev = seen.putIfAbsent(key, d.domain().name());
          if (prev != null) {
            notices.notice("users/assign: " + key + " of " + d.domain() + " is shadowed by the same address of "
                + prev + "; qmail delivers to the first");
          }
          entries.add(e);
        }
      }
    }
    Path users = home.usersAssign().getParent();
    Files.createDirectories(users);
    AtomicFile.writeText(home.usersAssign(), MODE_644, FileOwner.current(), w -> UsersAssign.write(w, append, entries));
    try {
      UsersCdb.compile(home.usersAssign(), home.usersCdb());
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    }
  }
}
