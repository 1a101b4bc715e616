package org.vqpop.config;

/** A configuration file that cannot be used; the message names the file and the key or line. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
