package org.vqpop.cli.common;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the mail home is, shared by every command: option, then environment, then config file.
 * The options are inherited, so {@code vqpop --mailhome DIR user add ...} and {@code vqpop user add
 * ... --mailhome DIR} both work.
 */
public final class MailHomeOptions {
  @Option(scope = ScopeType.INHERIT, names = "--mailhome", paramLabel = "DIR", description = "The mail home (env MAILHOME; default /var/mailhome).")
  public @Nullable Path mailhome;

  @Option(scope = ScopeType.INHERIT, names = "--qmail", paramLabel = "DIR", description = "qmail's directory (env QMAIL_HOME; default /var/qmail).")
  public @Nullable Path qmail;

  @Option(scope = ScopeType.INHERIT, names = "--pop-user", paramLabel = "NAME",
      description = "The account that owns the mail home (env POP_USER; default alias).")
  public @Nullable String popUser;

  @Option(scope = ScopeType.INHERIT, names = "--config", paramLabel = "FILE",
      description = "The configuration file (env VQPOP_CONFIG; default /etc/vqpop/vqpop.toml if present).")
  public @Nullable Path config;
}
