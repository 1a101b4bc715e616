package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Builds the one {@link VqpopConfig} of a command run. The layers, each overriding the one
 * before: the built-in defaults, the TOML file ({@code /etc/vqpop/vqpop.toml} unless {@code
 * --config} or {@code VQPOP_CONFIG} names another), environment variables, command-line options.
 * Each layer writes into one TOML tree, remembering where each key came from; the tree is then
 * bound once, by Jackson, into the records of {@link VqpopConfig} (their {@code @JsonCreator}
 * factories name the keys, apply the defaults and validate).
 *
 * <p>Every error names where the value came from (the file and its line, the environment
 * variable or the option) and the full key ({@code limits.max_connections}, {@code
 * tls.sni[1].cert}). Unknown keys are errors, so a misspelt key is never silently ignored;
 * {@link #problems()} lists every problem, not just the first.
 */
public final class ConfigLoader {
  public static final Path DEFAULT_FILE = Path.of("/etc/vqpop/vqpop.toml");

  /** Where a value came from. */
  public enum Origin { DEFAULT, FILE, ENVIRONMENT, OPTION }

  /** Where a key's value came from: {@code name} is the file, the variable or the option. */
  public record Source(Origin origin, String name) {
    public static final Source DEFAULT = new Source(Origin.DEFAULT, "default");

    /** As an error message starts: {@code /etc/vqpop/vqpop.toml}, {@code option --pop3}. */
    String describe(@Nullable Integer line) {
      return switch (origin) {
        case FILE -> name + (line != null ? ", line " + line : "");
        case ENVIRONMENT -> "environment variable " + name;
        case OPTION -> "option " + name;
        case DEFAULT -> "built-in default";
      };
    }
  }

  static final TomlMapper MAPPER = TomlMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // a number or boolean where a string belongs is a mistake, not a string
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  /** For naming each table's first wrong value once the unknown keys are already named. */
  private static final TomlMapper LENIENT =
      MAPPER.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final @Nullable Path file;
  private final ObjectNode tree;
  private final Map<String, Integer> lines;
  /** The source of each key set, by its path without array indexes. */
  private final Map<String, Source> sources = new LinkedHashMap<>();

  private ConfigLoader(@Nullable Path file, ObjectNode tree, Map<String, Integer> lines) {
    this.file = file;
    this.tree = tree;
    this.lines = lines;
    if (file != null) {
      record(tree, "", new Source(Origin.FILE, file.toString()));
    }
  }

  /** No file: defaults, then whatever {@link #set} adds. */
  public static ConfigLoader empty() {
    return new ConfigLoader(null, MAPPER.createObjectNode(), Map.of());
  }

  /**
   * Reads {@code file}; a missing file is an error only when {@code required} (else it is as if
   * empty). Syntax errors name the file and the line.
   */
  public static ConfigLoader read(Path file, boolean required) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ConfigException(file + ": no such file");
      }
      return empty();
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      String where = e.getLocation() != null
          ? "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " : "";
      throw new ConfigException(file + ": " + where + "not valid TOML: " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode o)) {
      throw new ConfigException(file + ": not a TOML document");
    }
    return new ConfigLoader(file, o, lines(text));
  }

  /** The file read, or null. */
  public @Nullable Path file() {
    return file;
  }

  private void record(JsonNode node, String path, Source source) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (e.getValue().isObject()) {
        record(e.getValue(), p, source);
      } else if (e.getValue().isArray() && !e.getValue().isEmpty() && e.getValue().get(0).isObject()) {
        for (JsonNode table : e.getValue()) {
          record(table, p, source); // an array of tables: its keys as tls.sni.cert
        }
      } else {
        sources.put(p, source);
      }
    }
  }

  /**
   * Sets the key {@code path} ({@code limits.max_connections}) to {@code value}, replacing what a
   * lower layer gave; nothing when {@code value} is null. Values: strings, paths, whole numbers,
   * booleans, lists of strings.
   */
  public ConfigLoader set(String path, @Nullable Object value, Origin origin, String name) {
    if (value == null) {
      return this;
    }
    int dot = path.lastIndexOf('.');
    ObjectNode table = table(dot < 0 ? "" : path.substring(0, dot));
    String key = path.substring(dot + 1);
    switch (value) {
      case String s -> table.put(key, s);
      case Path p -> table.put(key, p.toString());
      case Boolean b -> table.put(key, b);
      case Integer i -> table.put(key, i.longValue());
      case Long l -> table.put(key, l);
      case List<?> list -> {
        ArrayNode a = table.putArray(key);
        list.forEach(v -> a.add(String.valueOf(v)));
      }
      default -> throw new IllegalArgumentException("cannot set " + path + " to a " + value.getClass().getSimpleName());
    }
    sources.put(path, new Source(origin, name));
    return this;
  }

  /** Appends a table to the array of tables {@code path} ({@code tls.sni}); string values only. */
  public ConfigLoader addTable(String path, Map<String, Object> values, Origin origin, String name) {
    int dot = path.lastIndexOf('.');
    ObjectNode parent = table(path.substring(0, dot));
    String key = path.substring(dot + 1);
    JsonNode existing = parent.get(key);
    ArrayNode array = existing instanceof ArrayNode a ? a : parent.putArray(key);
    ObjectNode t = array.addObject();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() instanceof List<?> list) {
        ArrayNode a = t.putArray(e.getKey());
        list.forEach(v -> a.add(String.valueOf(v)));
      } else {
        t.put(e.getKey(), String.valueOf(e.getValue()));
      }
      sources.put(path + "." + e.getKey(), new Source(origin, name));
    }
    return this;
  }

  private ObjectNode table(String path) {
    ObjectNode t = tree;
    if (path.isEmpty()) {
      return t;
    }
    for (String part : path.split("\\.")) {
      JsonNode n = t.get(part);
      t = n instanceof ObjectNode o ? o : t.putObject(part);
    }
    return t;
  }

  /** Where the value of {@code path} came from; {@link Source#DEFAULT} if no layer set it. */
  public Source source(String path) {
    return source(sources, path);
  }

  /**
   * {@code path}'s source in {@code sources}: its own, else that of a list or table it is part of
   * ({@code pop3.listen[0]} set by {@code --pop3}), else that of a key in it (a table).
   */
  static Source source(Map<String, Source> sources, String path) {
    String p = path.replaceAll("\\[[0-9]+\\]", "");
    Source s = sources.get(p);
    if (s != null) {
      return s;
    }
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      if (p.startsWith(e.getKey() + ".")) {
        return e.getValue();
      }
    }
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      if (e.getKey().startsWith(p + ".")) {
        return e.getValue();
      }
    }
    return Source.DEFAULT;
  }

  /** The layers bound into one configuration. */
  public Configuration load() throws ConfigException {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
    return new Configuration(MAPPER.treeToValue(tree, VqpopConfig.class), Map.copyOf(sources));
  }

  /**
   * Every problem of the layers, each naming its source and key: every unknown key, and the first
   * wrong value of each table. Empty when {@link #load} will succeed.
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    unknownKeys(tree, VqpopConfig.class, "", unknown);
    if (!unknown.isEmpty()) {
      Map<String, List<String>> bySource = new LinkedHashMap<>();
      for (String u : unknown) {
        Source s = source(u);
        Integer line = lines.get(u);
        bySource.computeIfAbsent(s.describe(null), k -> new ArrayList<>())
            .add("'" + u + "'" + (line != null && s.origin() == Origin.FILE ? " (line " + line + ")" : ""));
      }
      bySource.forEach((where, keys) ->
          out.add(where + ": unknown key" + (keys.size() > 1 ? "s " : " ") + String.join(", ", keys)));
    }
    try {
      MAPPER.treeToValue(tree, VqpopConfig.class);
      return out;
    } catch (JacksonException | IllegalArgumentException whole) {
      if (!unknown.isEmpty() && whole instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
        return out;
      }
    }
    // Each table on its own, so that one problem per table is named.
    ObjectNode rest = tree.deepCopy();
    for (Map.Entry<String, Class<?>> t : tables(VqpopConfig.class).entrySet()) {
      JsonNode node = tree.get(t.getKey());
      if (node == null) {
        continue;
      }
      rest.remove(t.getKey());
      if (!node.isObject()) {
        out.add(where(t.getKey()) + ": key '" + t.getKey() + "' must be a table ([" + t.getKey() + "])");
        continue;
      }
      String problem = bindProblem(node, t.getValue(), t.getKey());
      if (problem != null) {
        out.add(problem);
      }
    }
    String problem = bindProblem(rest, VqpopConfig.class, "");
    if (problem != null) {
      out.add(problem);
    }
    if (out.isEmpty()) {
      out.add((file != null ? file.toString() : "configuration") + ": cannot be used");
    }
    return out;
  }

  private @Nullable String bindProblem(JsonNode node, Class<?> type, String prefix) {
    try {
      LENIENT.treeToValue(node, type);
      return null;
    } catch (JacksonException e) {
      return describe(e, prefix);
    } catch (KeyProblem e) {
      return valueProblem(join(prefix, e.key()), e.problem());
    }
  }

  private String describe(JacksonException e, String prefix) {
    String path = prefix;
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        path = join(path, r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        path = path + "[" + r.getIndex() + "]";
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof KeyProblem k) {
        return valueProblem(join(path, k.key()), k.problem());
      }
    }
    if (e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
      return where(path) + ": unknown key '" + path + "'";
    }
    if (e instanceof MismatchedInputException m) {
      return where(path) + ": key '" + path + "' must be " + expected(m.getTargetType());
    }
    return where(path) + ": key '" + path + "': " + e.getOriginalMessage();
  }

  private static String expected(@Nullable Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list of strings, as [\"a\", \"b\"]";
    }
    if (type == JsonNode.class) {
      return "a string or a whole number";
    }
    return "a table";
  }

  private String valueProblem(String path, String problem) {
    return where(path) + ": key '" + path + "'" + (problem.isEmpty() ? "" : ": " + problem);
  }

  private String where(String path) {
    Source s = source(path);
    if (s.origin() == Origin.DEFAULT) {
      return file != null ? file.toString() : "configuration";
    }
    Integer line = lines.get(path);
    if (line == null && path.endsWith("]")) {
      line = lines.get(path.substring(0, path.lastIndexOf('[')));
    }
    return s.describe(line);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : b.startsWith("[") ? a + b : a + "." + b;
  }

  private void unknownKeys(JsonNode node, Class<?> type, String path, List<String> out) {
    Map<String, Type> known = keys(type);
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String p = join(path, e.getKey());
      Type t = known.get(e.getKey());
      if (t == null) {
        out.add(p);
      } else if (t instanceof Class<?> c && c.isRecord() && e.getValue().isObject()) {
        unknownKeys(e.getValue(), c, p, out);
      } else if (t instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c
          && c.isRecord() && e.getValue().isArray()) {
        for (int i = 0; i < e.getValue().size(); i++) {
          if (e.getValue().get(i).isObject()) {
            unknownKeys(e.getValue().get(i), c, p + "[" + i + "]", out);
          }
        }
      }
    }
  }

  /** The keys a record's {@code @JsonCreator} takes, with their types: what the binder knows. */
  static Map<String, Type> keys(Class<?> type) {
    Map<String, Type> out = new LinkedHashMap<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(JsonCreator.class)) {
        for (Parameter p : m.getParameters()) {
          out.put(p.getAnnotation(JsonProperty.class).value(), p.getParameterizedType());
        }
      }
    }
    return out;
  }

  /** The tables of a record: its keys whose type is a record. */
  static Map<String, Class<?>> tables(Class<?> type) {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    keys(type).forEach((k, t) -> {
      if (t instanceof Class<?> c && c.isRecord()) {
        out.put(k, c);
      }
    });
    return out;
  }

  /**
   * Every key the binder knows, as dotted paths ({@code limits.max_connections}; an array of
   * tables' keys as {@code tls.sni.cert}); tables are not listed themselves.
   */
  public static List<String> knownKeys() {
    List<String> out = new ArrayList<>();
    collect(VqpopConfig.class, "", out);
    return out;
  }

  private static void collect(Class<?> type, String path, List<String> out) {
    keys(type).forEach((k, t) -> {
      String p = join(path, k);
      if (t instanceof Class<?> c && c.isRecord()) {
        collect(c, p, out);
      } else if (t instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c
          && c.isRecord()) {
        collect(c, p, out);
      } else {
        out.add(p);
      }
    });
  }

  private static final Pattern HEADER = Pattern.compile("^\\s*\\[(\\[?)\\s*([A-Za-z0-9_.-]+)\\s*\\]\\]?\\s*(#.*)?$");
  private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*=");

  /**
   * The line of each key in the file, for messages: {@code [table]} and {@code [[table]]} headers
   * and {@code key =} lines. A guide only (it does not parse TOML): keys it cannot place get no
   * line.
   */
  static Map<String, Integer> lines(String text) {
    Map<String, Integer> out = new HashMap<>();
    Map<String, Integer> arrays = new HashMap<>();
    String table = "";
    String[] all = text.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      Matcher h = HEADER.matcher(all[i]);
      if (h.matches()) {
        table = h.group(2);
        if (!h.group(1).isEmpty()) {
          int n = arrays.merge(table, 1, Integer::sum) - 1;
          table = table + "[" + n + "]";
        }
        out.putIfAbsent(table, i + 1);
        continue;
      }
      Matcher k = KEY.matcher(all[i]);
      if (k.find()) {
        out.putIfAbsent(join(table, k.group(1)), i + 1);
      }
    }
    return out;
  }
}
