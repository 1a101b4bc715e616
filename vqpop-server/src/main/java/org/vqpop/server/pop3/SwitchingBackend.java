package org.vqpop.server.pop3;

import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.store.OpenResult;

/**
 * The session's backend, asked anew of the factory after STLS: only then are the SNI name and
 * the encryption known, and either may change which domain a login belongs to.
 */
final class SwitchingBackend implements Pop3Backend {
  private final Pop3BackendFactory factory;
  private Pop3Backend current;

  SwitchingBackend(Pop3BackendFactory factory, ConnectionInfo info) {
    this.factory = factory;
    this.current = factory.forConnection(info);
  }

  void connectionChanged(ConnectionInfo info) {
    current = factory.forConnection(info);
  }

  @Override
  public AuthResult authenticate(Credentials credentials) {
    return current.authenticate(credentials);
  }

  @Override
  public OpenResult openMailbox(AuthResult.Success user) {
    return current.openMailbox(user);
  }
}
