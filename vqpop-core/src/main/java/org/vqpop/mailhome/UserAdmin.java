package org.vqpop.mailhome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopPasswd;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;

/**
 * The users of a domain, what the seed's {@code mkpopdb} changes: their entries in {@code
 * poppasswd} and {@code poppasswd.cdb}, and, when the set of users changes, qmail's {@code
 * users/assign} and {@code users/cdb}. Adding or removing a user in one step ({@code vqpop user})
 * also makes or removes the home, through {@link HomeAdmin}.
 */
public final class UserAdmin {
  private final AdminContext ctx;
  private final HomeAdmin homes;
  private final PasswordEncoder encoder;

  UserAdmin(AdminContext ctx, HomeAdmin homes, PasswordEncoder encoder) {
    this.ctx = ctx;
    this.homes = homes;
    this.encoder = encoder;
  }

  /** The domain's user database as its {@code poppasswd} holds it now. */
  public PopPasswd all(VirtualDomain d) throws AdminException {
    return ctx.readUsers(d);
  }

  public Optional<PopUser> find(VirtualDomain d, UserName u) throws AdminException {
    return all(d).get(u);
  }

  /** Sets the POP password of a user, adding the user's entry if it is new (mkpopdb -a). */
  public void setPassword(Domain domain, UserName u, byte[] password) throws AdminException {
    checkPassword(password);
    String hash = encoder.encode(password);
    change(domain, u, old -> old == null ? PopUser.withPassword(u, hash) : old.withPasswordHash(hash));
  }

  /** Sets the APOP secret of a user, adding the user's entry if it is new (mkpopdb -a -s). */
  public void setSecret(Domain domain, UserName u, String secret) throws AdminException {
    checkSecret(secret);
    change(domain, u, old -> old == null ? PopUser.withSecret(u, secret) : old.withApopSecret(secret));
  }

  /** Removes a user's database entry (mkpopdb -d); the home stays. */
  public void removeEntry(Domain domain, UserName u) throws AdminException {
    ctx.inDomain(domain, d -> {
      PopPasswd db = ctx.readUsers(d);
      if (!db.remove(u)) {
        throw AdminException.bad("no user " + u + " in " + ctx.layout.popPasswd(d));
      }
      ctx.rebuilder.checkAssign(false);
      ctx.rebuilder.writeDomain(d, db);
      ctx.rebuilder.writeQmailUsers(ctx.readDomains(), d, db);
      return null;
    });
  }

  /**
   * Adds a user in one step: the entry with a password or an APOP secret (or both), the user's own
   * quota ({@link Quota#NONE} for the domain's default), and the home. Refused if the user exists.
   */
  public Path add(Domain domain, UserName u, byte @Nullable [] password, @Nullable String secret, Quota quota)
      throws AdminException {
    if (password == null && secret == null) {
      throw AdminException.bad("a new user needs a password or an APOP secret");
    }
    if (password != null) {
      checkPassword(password);
    }
    if (secret != null) {
      checkSecret(secret);
    }
    String hash = password == null ? "" : encoder.encode(password);
    return ctx.inDomain(domain, d -> {
      PopPasswd db = ctx.readUsers(d);
      if (db.get(u).isPresent()) {
        throw AdminException.bad("user " + u + "@" + d.domain() + " already exists");
      }
      db.put(new PopUser(u, hash, secret == null ? "" : secret, quota.bytes(), quota.messages(), List.of()));
      ctx.rebuilder.checkAssign(false);
      Path h = homes.make(d, u);
      ctx.rebuilder.writeDomain(d, db);
      ctx.rebuilder.writeQmailUsers(ctx.readDomains(), d, db);
      return h;
    });
  }

  /** Removes a user's entry and home in one step. */
  public void remove(Domain domain, UserName u) throws AdminException {
    ctx.inDomain(domain, d -> {
      PopPasswd db = ctx.readUsers(d);
      boolean had = db.remove(u);
      Path h = ctx.layout.home(d, u);
      boolean hadHome = Files.isDirectory(h);
      if (!had && !hadHome) {
        throw AdminException.bad("no user " + u + "@" + d.domain());
      }
      if (had) {
        ctx.rebuilder.checkAssign(false);
        ctx.rebuilder.writeDomain(d, db);
        ctx.rebuilder.writeQmailUsers(ctx.readDomains(), d, db);
      }
      homes.delete(d, h);
      return null;
    });
  }

  private interface Change {
    PopUser apply(@Nullable PopUser old) throws AdminException;
  }

  /** Replaces (or adds) one entry; only a new user changes qmail's users files. */
  private void change(Domain domain, UserName u, Change change) throws AdminException {
    ctx.inDomain(domain, d -> {
      PopPasswd db = ctx.readUsers(d);
      PopUser old = db.get(u).orElse(null);
      db.put(change.apply(old));
      if (old == null) {
        ctx.rebuilder.checkAssign(false);
      }
      ctx.rebuilder.writeDomain(d, db);
      if (old == null) {
        ctx.rebuilder.writeQmailUsers(ctx.readDomains(), d, db);
      }
      return null;
    });
  }

  /** The domain's database, which must hold {@code u}; else bad input ending with {@code hint}. */
  static PopPasswd existing(AdminContext ctx, VirtualDomain d, UserName u, String hint) throws AdminException {
    PopPasswd db = ctx.readUsers(d);
    if (db.get(u).isEmpty()) {
      throw AdminException.bad("no user " + u + " in " + ctx.layout.popPasswd(d) + "; " + hint);
    }
    return db;
  }

  /** A password POP3 can carry: not empty, no NUL, CR or LF. */
  static void checkPassword(byte[] pw) throws AdminException {
    if (pw.length == 0) {
      throw AdminException.bad("the password is empty");
    }
    for (byte b : pw) {
      if (b == 0 || b == '\n' || b == '\r') {
        throw AdminException.bad("the password contains a NUL, CR or LF, which POP3 cannot carry");
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
}
