package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.vqpop.address.Domain;
import org.vqpop.directory.MailHomeLayout;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.fs.IoErrors;

/**
 * What every part of the administrative core shares: the mail home, its lock, reading the sources
 * ({@code virtualpopdomains}, a domain's {@code poppasswd}) and the {@link Rebuilder} that writes
 * what is derived from them. One per {@link Admin}; single-threaded, like the commands.
 *
 * <p>A change runs as {@link #inDomain} (or under {@link #lock} directly): the lock is taken, the
 * domain looked up again under it (it may have gone since the command named it), and an I/O
 * failure becomes a temporary failure naming the file.
 */
final class AdminContext {
  final MailHome home;
  final MailHomeLayout layout;
  final Notices notices;
  final Rebuilder rebuilder;
  private final Duration lockPatience;

  AdminContext(MailHome home, Notices notices, Duration lockPatience) {
    this.home = home;
    this.layout = home.layout();
    this.notices = notices;
    this.lockPatience = lockPatience;
    this.rebuilder = new Rebuilder(home, notices);
  }

  /** The domains as {@code virtualpopdomains} lists them now. */
  VirtualPopDomains readDomains() throws AdminException {
    requireMailHome();
    try {
      return VirtualPopDomains.read(home.virtualPopDomains());
    } catch (FileFormatException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /** {@code name}'s line in {@code all}; its absence is bad input naming the file. */
  VirtualDomain find(VirtualPopDomains all, Domain name) throws AdminException {
    return all.find(name)
        .orElseThrow(() -> AdminException.bad("no domain " + name + " in " + home.virtualPopDomains()));
  }

  PopPasswd readUsers(VirtualDomain d) throws AdminException {
    return Rebuilder.readUsers(home, d);
  }

  /** Work under the mail home's lock. */
  interface Work<T> {
    T run() throws AdminException, IOException;
  }

  /** Work on one domain under the mail home's lock. */
  interface DomainWork<T> {
    T run(VirtualDomain d) throws AdminException, IOException;
  }

  /** Runs {@code work} holding the lock; an I/O failure becomes a temporary failure naming the file. */
  <T> T locked(Work<T> work) throws AdminException {
    try (MailHomeLock lock = lock()) {
      return work.run();
    } catch (IOException e) {
      throw temporary(e);
    }
  }

  /** As {@link #locked}, on {@code domain} as {@code virtualpopdomains} has it under the lock. */
  <T> T inDomain(Domain domain, DomainWork<T> work) throws AdminException {
    return locked(() -> work.run(find(readDomains(), domain)));
  }

  MailHomeLock lock() throws AdminException {
    requireMailHome();
    return MailHomeLock.acquire(home.lockFile(), lockPatience, home.account().owner());
  }

  /**
   * A missing mail home is an error, never created on the way: a mistyped {@code --mailhome} or
   * {@code MAILHOME} would otherwise get a fresh, empty mail home, and the {@code users/assign}
   * rebuilt from it would take every user's route away. {@link Admin#init} creates one.
   */
  void requireMailHome() throws AdminException {
    if (!Files.isDirectory(home.root())) {
      throw AdminException.bad("mail home " + home.root() + " does not exist (check --mailhome or MAILHOME;"
          + " 'vqpop init' creates a new one)");
    }
  }

  static AdminException temporary(IOException e) {
    return new AdminException(AdminException.Kind.TEMPORARY, IoErrors.describe(e), e);
  }
}
