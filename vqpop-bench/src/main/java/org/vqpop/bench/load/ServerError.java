package org.vqpop.bench.load;

import java.io.IOException;

/** A negative reply ({@code -ERR}, or an LMTP 4xx/5xx) where a positive one was needed. */
final class ServerError extends IOException {
  private static final long serialVersionUID = 1L;

  ServerError(String command, String reply) {
    super(command + " -> " + reply);
  }
}
