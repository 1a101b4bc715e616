package org.vqpop.server.tls;

/** A certificate or key that cannot be used; the message names the file and says why. */
public final class TlsException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlsException(String message) {
    super(message);
  }
}
