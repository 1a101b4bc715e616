package org.vqpop.login;

import org.jspecify.annotations.Nullable;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.ChainResult;
import org.vqpop.domain.Resolution;

/**
 * A login, checked.
 *
 * @param resolution what the login name meant; null when the domain table could not be read
 * @param chain the chain's verdict and trace
 */
public record LoginAttempt(@Nullable Resolution resolution, ChainResult chain) {
  public AuthResult result() {
    return chain.result();
  }
}
