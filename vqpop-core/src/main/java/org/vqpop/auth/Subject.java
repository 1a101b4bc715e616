package org.vqpop.auth;

import java.nio.file.Path;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;

/** Whom a login is for, as far as the directory knows, before any credential is checked. */
sealed interface Subject {

  /** A user of a virtual domain, from its {@code poppasswd.cdb}. */
  record VirtualUser(VirtualDomain domain, PopUser user, Path home) implements Subject {}

  /**
   * No virtual user: only a system account can be meant.
   *
   * @param name the login name as a user name (the resolved one, lower-case)
   * @param accountsAllowed false when the login named a domain ({@code joe@acme.com}), so only a
   *     virtual user may be meant
   */
  record NoVirtualUser(String name, boolean accountsAllowed) implements Subject {}
}
