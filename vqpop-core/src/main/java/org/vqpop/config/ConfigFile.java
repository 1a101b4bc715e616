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
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (!known.contains(path)) {
        unknown.add("'" + path + "'");
      } else if (e.getValue().isObject()) {
        collect(e.getValue(), path, known, unknown);
      }
    }
  }

  private @Nullable JsonNode at(String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
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
        stringList("login.rpop_trusted_hosts"));
  }

  /** The part of the file the administrative commands use. */
  public AdminConfig admin() throws ConfigException {
    return new AdminConfig(path("mailhome"), path("qmail"), string("pop_user"), path("pop_home"),
        string("passwords.scheme"));
  }

  /** Every key the configuration file may hold. */
  public static final Set<String> KNOWN_KEYS = union(
      Set.of("mailhome", "qmail", "pop_user", "pop_home", "passwords", "passwords.scheme"), LoginConfig.KEYS);

  private static Set<String> union(Set<String> a, List<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
