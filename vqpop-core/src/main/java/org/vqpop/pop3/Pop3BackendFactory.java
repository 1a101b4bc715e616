package org.vqpop.pop3;

/** Makes the backend for one connection; what it knows about the connection may select the domain. */
@FunctionalInterface
public interface Pop3BackendFactory {
  Pop3Backend forConnection(ConnectionInfo connection);
}
