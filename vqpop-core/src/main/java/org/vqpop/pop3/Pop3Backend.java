package org.vqpop.pop3;

import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.store.OpenResult;

/**
 * What the session needs from the rest of the system, provided by the connection layer. Calls
 * may block (the session runs on a virtual thread of its own). Expected failures are values;
 * an exception means a bug or a broken backend and ends the connection.
 */
public interface Pop3Backend {

  /** Checks a login. For {@link Credentials.Apop} the backend compares the digest itself. */
  AuthResult authenticate(Credentials credentials);

  /** Opens and locks the maildrop of a user that {@link #authenticate} let in. */
  OpenResult openMailbox(AuthResult.Success user);
}
