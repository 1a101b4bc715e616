package org.vqpop.address;

/** A name that breaks the rules of its kind; the message says which rule, for an administrator. */
public final class InvalidNameException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidNameException(String message) {
    super(message);
  }
}
