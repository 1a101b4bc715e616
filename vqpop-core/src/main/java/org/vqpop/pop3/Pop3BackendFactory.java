package org.vqpop.pop3;

import java.io.IOException;

/** Makes the backend for one connection; what it knows about the connection may select the domain. */
@FunctionalInterface
public interface Pop3BackendFactory {
  Pop3Backend forConnection(ConnectionInfo connection);

  /**
   * Called once by a server before it accepts connections: opens what every session will need,
   * so that what cannot work fails the start, not every login. Nothing by default.
   *
   * @throws IOException with a message naming what could not be opened
   */
  default void prepare() throws IOException {}
}
