package org.vqpop.mailhome;

/** Turns a new password into the hash stored for it, with the configured scheme. */
@FunctionalInterface
public interface PasswordEncoder {
  String encode(byte[] password);
}
