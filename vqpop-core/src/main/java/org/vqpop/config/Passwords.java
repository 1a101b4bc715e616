package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordScheme;

/**
 * The {@code [passwords]} table: how the administrative commands ({@code vqpop user}, {@code
 * mkpopdb}) hash new passwords.
 *
 * @param scheme the scheme's name as the file gives it: {@code argon2id}, {@code sha512-crypt} or
 *     {@code bcrypt}
 */
public record Passwords(String scheme) {
  public static final Passwords DEFAULTS = new Passwords("argon2id");

  public Passwords {
    PasswordScheme s;
    try {
      s = PasswordScheme.fromConfigName(scheme);
    } catch (IllegalArgumentException e) {
      throw new KeyProblem("scheme", e.getMessage());
    }
    if (!s.canHash()) {
      throw new KeyProblem("scheme", s.configName() + " can verify but not hash new passwords");
    }
  }

  @JsonCreator
  static Passwords bind(@JsonProperty("scheme") @Nullable String scheme) {
    return scheme == null ? DEFAULTS : new Passwords(scheme);
  }

  public PasswordScheme parsed() {
    return PasswordScheme.fromConfigName(scheme);
  }
}
