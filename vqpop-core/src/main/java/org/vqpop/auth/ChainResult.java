package org.vqpop.auth;

import java.util.List;

/**
 * The chain's verdict and how it got there.
 *
 * @param result what the protocol engine gets; a Success carries a {@link LoginIdentity}
 * @param steps each source consulted, in order, with what it said (for {@code chkpoppass -d} and
 *     logs)
 * @param detail why it failed, for logs only (never for the client); empty on success
 */
public record ChainResult(AuthResult result, List<Step> steps, String detail) {
  public ChainResult {
    steps = List.copyOf(steps);
  }

  public record Step(Method source, SourceResult result) {
    public boolean accepted() {
      return result instanceof SourceResult.Accept;
    }
  }
}
