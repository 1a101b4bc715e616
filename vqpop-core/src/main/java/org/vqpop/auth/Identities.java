package org.vqpop.auth;

/** The identities the sources hand out. */
final class Identities {
  private Identities() {}

  static final String MAILDIR = "Maildir";

  static LoginIdentity virtual(Subject.VirtualUser v, Source source) {
    return new LoginIdentity(v.domain(), v.user().name().name(), v.home(), v.home().resolve(MAILDIR), source, null);
  }
}
