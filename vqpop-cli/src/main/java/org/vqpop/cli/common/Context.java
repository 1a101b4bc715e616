package org.vqpop.cli.common;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.config.AdminConfig;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigFile;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.config.LoginConfig;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;

/**
 * Builds the core for one command run: settings from the options, the environment and the
 * configuration file, in that order of precedence, then the built-in defaults.
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

  AdminConfig config(MailHomeOptions o) throws AdminException {
    try {
      ConfigFile cf = configFile(o);
      return cf == null ? AdminConfig.EMPTY : cf.admin();
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** The configuration file's {@code [login]} table, which {@code chkpoppass} shares with the server. */
  public LoginConfig loginConfig(MailHomeOptions o) throws AdminException {
    try {
      ConfigFile cf = configFile(o);
      return cf == null ? LoginConfig.EMPTY : cf.login();
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  /** The configuration file's {@code [delivery]} table, which {@code vqpop deliver} shares with the server. */
  public DeliveryConfig deliveryConfig(MailHomeOptions o) throws AdminException {
    try {
      ConfigFile cf = configFile(o);
      return cf == null ? DeliveryConfig.DEFAULTS : cf.delivery();
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  private @Nullable ConfigFile configFile(MailHomeOptions o) throws ConfigException {
    Path file = o.config != null ? o.config : env.containsKey("VQPOP_CONFIG") ? Path.of(env.get("VQPOP_CONFIG")) : null;
    ConfigFile cf = ConfigFile.read(file != null ? file : ConfigFile.DEFAULT, file != null);
    if (cf != null) {
      cf.checkKeys(ConfigFile.KNOWN_KEYS);
    }
    return cf;
  }

  public MailHome mailHome(MailHomeOptions o) throws AdminException {
    AdminConfig c = config(o);
    Path root = first(o.mailhome, envPath("MAILHOME"), c.mailhome(), MailHome.DEFAULT_ROOT);
    Path qmail = first(o.qmail, envPath("QMAIL_HOME"), c.qmail(), MailHome.DEFAULT_QMAIL);
    String user = first(o.popUser, env.get("POP_USER"), c.popUser(), MailHome.DEFAULT_POP_USER);
    Path popHome = envPath("POP_HOME") != null ? envPath("POP_HOME") : c.popHome();
    Path passwd = envPath("VQPOP_PASSWD_FILE"); // for tests and chroots
    return new MailHome(root, qmail, user, popHome, passwd != null ? new PasswdFile(passwd) : PasswdFile.SYSTEM);
  }

  public Admin admin(MailHomeOptions o) throws AdminException {
    AdminConfig c = config(o);
    PasswordScheme scheme;
    try {
      scheme = PasswordScheme.fromConfigName(c.passwordScheme() != null ? c.passwordScheme() : "argon2id");
    } catch (IllegalArgumentException e) {
      throw AdminException.bad("passwords.scheme: " + e.getMessage());
    }
    if (!scheme.canHash()) {
      throw AdminException.bad("passwords.scheme: " + scheme.configName() + " can verify but not hash new passwords");
    }
    PasswordHasher hasher = PasswordHasher.defaults();
    return new Admin(mailHome(o), pw -> hasher.hash(scheme, pw), m -> err.println(program + ": " + m),
        Duration.ofSeconds(120));
  }

  private @Nullable Path envPath(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : Path.of(v);
  }

  @SafeVarargs
  private static <T> T first(@Nullable T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    throw new IllegalStateException("no default");
  }
}
