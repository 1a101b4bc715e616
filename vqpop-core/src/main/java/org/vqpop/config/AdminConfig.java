package org.vqpop.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the administrative commands take from the configuration file. Each value may be absent;
 * command-line options and environment variables override it, and built-in defaults fill the rest.
 *
 * @param passwordScheme the scheme new passwords are hashed with ({@code argon2id}, {@code
 *     sha512-crypt}, {@code bcrypt})
 */
public record AdminConfig(
    @Nullable Path mailhome, @Nullable Path qmail, @Nullable String popUser, @Nullable Path popHome,
    @Nullable String passwordScheme) {

  public static final AdminConfig EMPTY = new AdminConfig(null, null, null, null, null);
}
