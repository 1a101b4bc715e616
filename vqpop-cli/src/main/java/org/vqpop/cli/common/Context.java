package org.vqpop.cli.common;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.Configuration;
import org.vqpop.config.VqpopConfig;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;

/**
 * Builds the core for one command run from its {@link VqpopConfig}: the options, the environment
 * and the configuration file, in that order of precedence, then the built-in defaults.
 */
public final class Context {
  private final Map<String, String> env;
  private final PrintStream err;
  private final String program;

  public Context(String program, Map<String, String> env, PrintStream err) {
    this.program = program;
    this.env = env;
    this.err = err;
  }

  public String program() {
    return program;
  }

  public Map<String, String> env() {
    return env;
  }

  /**
   * The configuration of this run: the file ({@code --config}, {@code VQPOP_CONFIG}, or {@code
   * /etc/vqpop/vqpop.toml} if present), then the environment ({@code MAILHOME}, {@code
   * QMAIL_HOME}, {@code POP_USER}, {@code POP_HOME}), then the common options, then {@code
   * options} (a command's own), bound once.
   */
  public Configuration configuration(MailHomeOptions o, Consumer<ConfigLoader> options) throws AdminException {
    try {
      ConfigLoader l = loader(o);
      options.accept(l);
      return l.load();
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** The configuration with the common options only. */
  public VqpopConfig config(MailHomeOptions o) throws AdminException {
    return configuration(o, l -> {}).config();
  }

  /** The layers before a command's own options: file, environment, common options. */
  public ConfigLoader loader(MailHomeOptions o) throws ConfigException {
    Path file = o.config != null ? o.config : env.containsKey("VQPOP_CONFIG") ? Path.of(env.get("VQPOP_CONFIG")) : null;
    ConfigLoader l = ConfigLoader.read(file != null ? file : ConfigLoader.DEFAULT_FILE, file != null);
    for (String[] e : ENVIRONMENT) {
      String v = env.get(e[0]);
      if (v != null && !v.isEmpty()) {
        l.set(e[1], v, ConfigLoader.Origin.ENVIRONMENT, e[0]);
      }
    }
    l.set("mailhome", o.mailhome, ConfigLoader.Origin.OPTION, "--mailhome");
    l.set("qmail", o.qmail, ConfigLoader.Origin.OPTION, "--qmail");
    l.set("pop_user", o.popUser, ConfigLoader.Origin.OPTION, "--pop-user");
    return l;
  }

  /** The environment variables that set keys, and the keys. */
  public static final String[][] ENVIRONMENT = {
    {"MAILHOME", "mailhome"}, {"QMAIL_HOME", "qmail"}, {"POP_USER", "pop_user"}, {"POP_HOME", "pop_home"},
  };

  public MailHome mailHome(MailHomeOptions o) throws AdminException {
    return mailHome(config(o));
  }

  /** The mail home a configuration names. */
  public MailHome mailHome(VqpopConfig c) {
    Path passwd = envPath("VQPOP_PASSWD_FILE"); // for tests and chroots
    return new MailHome(c.mailhome(), c.qmail(), c.popUser(), c.popHome(),
        passwd != null ? new PasswdFile(passwd) : PasswdFile.SYSTEM);
  }

  public Admin admin(MailHomeOptions o) throws AdminException {
    VqpopConfig c = config(o);
    PasswordScheme scheme = c.passwords().parsed();
    PasswordHasher hasher = PasswordHasher.defaults();
    return new Admin(mailHome(c), pw -> hasher.hash(scheme, pw), m -> err.println(program + ": " + m),
        Duration.ofSeconds(120));
  }

  private @Nullable Path envPath(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : Path.of(v);
  }

}
