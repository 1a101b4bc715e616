package org.vqpop.auth;

import java.util.List;

/**
 * The chain's verdict and how it got there.
 *
 * @param result what the protocol engine gets; a Failure says why, for the log
 * @param steps each source consulted, in order, with what it said (for {@code chkpoppass -d} and
 *     logs)
 */
public record ChainResult(AuthResult result, List<Step> steps) {
  public ChainResult {
    steps = List.copyOf(steps);
  }

  /** Why it failed, for logs only (never for the client); empty on success. */
  public String detail() {
    return result instanceof AuthResult.Failure f ? f.detail() : "";
  }

  public record Step(Source source, SourceResult result) {
    public boolean accepted() {
      return result instanceof SourceResult.Accept;
    }
  }
}
