package org.vqpop.auth;

/**
 * One place a login can be checked against, in the chain's order. Implementations never throw
 * for an expected outcome and never log credentials.
 */
interface AuthSource {
  /** What this source is, for the chain's trace. */
  Method method();

  SourceResult check(Credentials credentials, Subject subject, Peer peer);
}
