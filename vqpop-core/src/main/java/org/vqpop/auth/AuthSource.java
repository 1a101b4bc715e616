package org.vqpop.auth;

/**
 * One place a login can be checked against, in the chain's order. Implementations never throw
 * for an expected outcome and never log credentials.
 */
interface AuthSource {
  /** What this source is, for the chain's trace. */
  Source source();

  SourceResult check(Credentials credentials, Subject subject, Peer peer);

  /**
   * For a failed login this source did not check (it had nothing to check against, or was not
   * reached): does the work a wrong password for a user it knows would have cost, so that a
   * failure takes as long whether or not the user exists. Nothing is decided.
   *
   * @param name the login's user name, as far as it is known (the resolved one, else as given)
   * @param accountsAllowed whether the login could mean a system account (it named no domain)
   * @return false if the work was refused because too many password checks are running (the
   *     login is then a temporary failure, as a real check would have made it)
   */
  default boolean decoy(Credentials credentials, String name, boolean accountsAllowed) {
    return true;
  }
}
