package org.vqpop.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads the TOML configuration file ({@code /etc/vqpop/vqpop.toml} unless told otherwise). Every
 * error names the file and the key path or the line; unknown keys are errors, so a misspelt key
 * is never silently ignored.
 */
public final class ConfigFile {
  public static final Path DEFAULT = Path.of("/etc/vqpop/vqpop.toml");

  private static final TomlMapper MAPPER = new TomlMapper();

  private final Path file;
  private final JsonNode root;

  private ConfigFile(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /** Parses {@code file}; a missing file is an error only when {@code required}. */
  public static @Nullable ConfigFile read(Path file, boolean required) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ConfigException(file + ": no such file");
      }
      return null;
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    try {
      return new ConfigFile(file, MAPPER.readTree(text));
    } catch (JacksonException e) {
      String where = e.getLocation() != null
          ? "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " : "";
      throw new ConfigException(file + ": " + where + "not valid TOML: " + e.getOriginalMessage());
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Fails on any key not in {@code known}, given as dotted paths; a table's own name stands for
   * the table ({@code "passwords"} and {@code "passwords.scheme"}).
   */
  public void checkKeys(Set<String> known) throws ConfigException {
    List<String> unknown = new ArrayList<>();
    collect(root, "", known, unknown);
    if (!unknown.isEmpty()) {
      throw new ConfigException(file + ": unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown));
    }
  }

  private static void collect(JsonNode node, String prefix, Set<String> known, List<String> unknown) {
    collect(node, prefix, prefix, known, unknown);
  }

  /**
   * {@code path} is the key as {@code known} spells it; {@code shown} the same with array indexes,
   * as the error names it ({@code tls.sni[1].cert}).
   */
  private static void collect(JsonNode node, String path, String shown, Set<String> known, List<String> unknown) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      String q = shown.isEmpty() ? e.getKey() : shown + "." + e.getKey();
      if (!known.contains(p)) {
        unknown.add("'" + q + "'");
      } else if (e.getValue().isObject()) {
        collect(e.getValue(), p, q, known, unknown);
      } else if (e.getValue().isArray()) {
        // An array of tables ([[tls.sni]]): each table's keys are checked like a table's.
        for (int i = 0; i < e.getValue().size(); i++) {
          JsonNode element = e.getValue().get(i);
          if (element.isObject()) {
            collect(element, p, q + "[" + i + "]", known, unknown);
          }
        }
      }
    }
  }

  /** Follows a dotted path; a part may end in {@code [i]} to pick an element of an array. */
  private @Nullable JsonNode at(String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      n = n.get(name);
      if (n == null) {
        return null;
      }
      if (bracket >= 0) {
        n = n.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        if (n == null) {
          return null;
        }
      }
    }
    return n;
  }

  /** A list of strings ({@code listen = ["127.0.0.1:110"]}), or null if the key is absent. */
  public @Nullable List<String> strings(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new ConfigException(file + ": key '" + path + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isString()) {
        throw new ConfigException(file + ": key '" + path + "[" + i + "]' must be a string");
      }
      out.add(n.get(i).asString());
    }
    return out;
  }

  /**
   * How many tables an array of tables ({@code [[tls.sni]]}) holds; 0 if absent. Their keys are
   * read as {@code path[i].key}.
   */
  public int tableCount(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return 0;
    }
    if (!n.isArray()) {
      throw new ConfigException(file + ": key '" + path + "' must be an array of tables ([[" + path + "]])");
    }
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isObject()) {
        throw new ConfigException(file + ": key '" + path + "[" + i + "]' must be a table");
      }
    }
    return n.size();
  }

  /** Fails naming {@code path}: for values of the right type that are still wrong. */
  public ConfigException invalid(String path, String problem) {
    return new ConfigException(file + ": key '" + path + "': " + problem);
  }

  public @Nullable String string(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (!n.isString()) {
      throw new ConfigException(file + ": key '" + path + "' must be a string");
    }
    return n.asString();
  }

  /**
   * A string or a whole number, as text: for values such as sizes that may be written either way
   * ({@code 52428800} or {@code "50M"}).
   */
  public @Nullable String scalar(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return Long.toString(n.asLong());
    }
    if (!n.isString()) {
      throw new ConfigException(file + ": key '" + path + "' must be a string or a whole number");
    }
    return n.asString();
  }

  public @Nullable Path path(String path) throws ConfigException {
    String s = string(path);
    return s == null ? null : Path.of(s);
  }

  public @Nullable Boolean bool(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      throw new ConfigException(file + ": key '" + path + "' must be true or false");
    }
    return n.asBoolean();
  }

  public @Nullable Long integer(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber()) {
      throw new ConfigException(file + ": key '" + path + "' must be a whole number");
    }
    return n.asLong();
  }

  /** A list of strings; a single string is not taken for a list of one. */
  public @Nullable List<String> stringList(String path) throws ConfigException {
    JsonNode n = at(path);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new ConfigException(file + ": key '" + path + "' must be a list of strings, as [\"a\", \"b\"]");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isString()) {
        throw new ConfigException(file + ": key '" + path + "' must be a list of strings, as [\"a\", \"b\"]");
      }
      out.add(e.asString());
    }
    return List.copyOf(out);
  }

  /** The {@code [login]} table, which the server and {@code chkpoppass} share. */
  public LoginConfig login() throws ConfigException {
    return new LoginConfig(file.toString(), bool("login.use_domain"), bool("login.use_prefix"), string("login.at_sign"),
        bool("login.system_accounts"), path("login.passwd_file"), path("login.shadow_file"),
        stringList("login.rpop_trusted_hosts"), integer("login.cache_seconds"), integer("login.cache_size"),
        integer("login.max_concurrent_checks"), integer("login.queue_timeout_seconds"),
        integer("login.account_failures"), integer("login.account_failure_delay_ms"));
  }

  /** The {@code [delivery]} table, which the LMTP server and {@code vqpop deliver} share. */
  public DeliveryConfig delivery() throws ConfigException {
    return DeliveryConfig.read(this);
  }

  /** The part of the file the administrative commands use. */
  public AdminConfig admin() throws ConfigException {
    return new AdminConfig(path("mailhome"), path("qmail"), string("pop_user"), path("pop_home"),
        string("passwords.scheme"));
  }

  /** Every key the configuration file may hold. */
  public static final Set<String> KNOWN_KEYS = union(Set.of(
      "mailhome", "qmail", "pop_user", "pop_home", "passwords", "passwords.scheme",
      // the server (vqpop-server's ServerConfigReader)
      "pop3", "pop3.listen",
      "pop3s", "pop3s.listen",
      "lmtp", "lmtp.listen", "lmtp.socket", "lmtp.socket_mode", "lmtp.max_recipients",
      "lmtp.data_timeout_seconds", "lmtp.data_min_rate", "lmtp.received_header",
      "tls", "tls.cert", "tls.key", "tls.reload_seconds", "tls.protocols", "tls.ciphers", "tls.handshake_timeout_seconds", "tls.sni", "tls.sni.names", "tls.sni.cert", "tls.sni.key",
      "login", "login.allow_plaintext",
      "limits", "limits.idle_timeout_seconds", "limits.max_connections", "limits.max_connections_per_ip",
      "limits.max_bad_commands", "limits.login_failure_delay_ms", "limits.login_timeout_seconds",
      "limits.ipv6_prefix"),
      // the login backend and chkpoppass (LoginConfig)
      LoginConfig.KEYS,
      // LMTP and vqpop deliver (DeliveryConfig)
      DeliveryConfig.KEYS);

  @SafeVarargs
  private static Set<String> union(Set<String> a, List<String>... more) {
    Set<String> all = new java.util.HashSet<>(a);
    for (List<String> b : more) {
      all.addAll(b);
    }
    return Set.copyOf(all);
  }
}
