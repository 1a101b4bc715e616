package org.vqpop.directory;

import java.nio.file.Path;
import org.vqpop.address.UserName;
import org.vqpop.domain.VirtualDomain;

/**
 * Where the users of virtual domains are looked up at login. Implementations are thread-safe,
 * cheap enough to call on every login, and see changes made by the administrative commands
 * without a restart.
 */
public interface UserDirectory {

  /** The user {@code user} of {@code domain}; never throws for an expected failure. */
  LookupResult lookup(VirtualDomain domain, UserName user);

  /** The outcome of a lookup. */
  sealed interface LookupResult {}

  /** The user, and the home directory its Maildir is in. */
  record Found(PopUser user, Path home) implements LookupResult {}

  /** No such user in that domain. */
  record NotFound() implements LookupResult {}

  /**
   * The directory could not answer now (unreadable or corrupt database): a temporary failure.
   *
   * @param detail for logs, never for a client
   */
  record Failed(String detail) implements LookupResult {}
}
