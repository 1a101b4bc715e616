package org.vqpop.config;

/**
 * A value of the configuration that is of the right type but still wrong. {@link #key()} is the
 * key relative to its table ({@code max_connections}, {@code listen[1]}); the loader puts the
 * table's path and the file (or the option or environment variable the value came from) in front.
 */
public final class KeyProblem extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  public KeyProblem(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
