package org.vqpop.auth.password;

/** Where salts come from: SecureRandom in production, a fixed sequence in interop tests. */
@FunctionalInterface
interface RandomBytes {
  void fill(byte[] bytes);
}
