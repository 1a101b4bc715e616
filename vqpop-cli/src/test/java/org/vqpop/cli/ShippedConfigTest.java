package org.vqpop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cli.common.Context;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.Configuration;
import org.vqpop.config.VqpopConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shipped {@code conf/vqpop.toml} lists every key the binder knows, each once, and says
 * truthfully which option and environment variable set it: the options are found by giving each
 * one of {@code vqpop serve}, {@code vqpop deliver} and the common ones and seeing which key it set.
 */
class ShippedConfigTest {
  static final Path SHIPPED = Path.of("../vqpop-dist/src/dist/conf/vqpop.toml");

  static final Pattern TABLE = Pattern.compile("^#?\\[(\\[?)([a-z0-9_.]+)\\]\\]?\\s*$");
  static final Pattern KEY = Pattern.compile("^#?([a-z0-9_]+) = (.*)$");

  @TempDir Path dir;

  /** Each key of the shipped file (commented out or not) and the rest of its line. */
  static Map<String, String> keyLines() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    String table = "";
    for (String line : Files.readAllLines(SHIPPED)) {
      Matcher t = TABLE.matcher(line);
      Matcher k = KEY.matcher(line);
      if (t.matches()) {
        table = t.group(2);
      } else if (k.matches()) {
        String key = table.isEmpty() ? k.group(1) : table + "." + k.group(1);
        assertThat(out.put(key, k.group(2))).as("listed twice: " + key).isNull();
      }
    }
    return out;
  }

  @Test
  void theShippedFileListsEveryKeyTheBinderKnows() throws Exception {
    assertThat(new TreeSet<>(keyLines().keySet())).isEqualTo(new TreeSet<>(ConfigLoader.knownKeys()));
  }

  @Test
  void theShippedFileIsValidWithEveryKeyUncommented() throws Exception {
    StringBuilder all = new StringBuilder();
    for (String line : Files.readAllLines(SHIPPED)) {
      all.append(TABLE.matcher(line).matches() || KEY.matcher(line).matches() ? line.replaceFirst("^#", "") : line)
          .append('\n');
    }
    Path f = dir.resolve("all.toml");
    Files.writeString(f, all);
    Configuration c = ConfigLoader.read(f, true).load();
    for (String key : ConfigLoader.knownKeys()) {
      assertThat(c.source(key).origin()).as(key).isEqualTo(ConfigLoader.Origin.FILE);
    }
    // the commented-out values are the defaults, except where the line says otherwise
    VqpopConfig d = VqpopConfig.DEFAULTS;
    assertThat(c.config().lmtp().dataTimeout()).isEqualTo(d.lmtp().dataTimeout());
    assertThat(c.config().delivery().maxMessageSize()).isEqualTo(d.delivery().maxMessageSize());
    assertThat(c.config().tls().ciphers()).isEqualTo(d.tls().ciphers());
    assertThat(c.config().limits()).isEqualTo(d.limits());
    assertThat(c.config().login().cacheTtl()).isEqualTo(d.login().cacheTtl());
  }

  @Test
  void eachLineNamesTheOptionsAndVariablesThatSetItsKey() throws Exception {
    Map<String, Set<String>> expected = new TreeMap<>();
    optionsOf("serve").forEach((k, v) -> expected.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    optionsOf("deliver").forEach((k, v) -> expected.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    for (String[] e : Context.ENVIRONMENT) {
      expected.computeIfAbsent(e[1], x -> new TreeSet<>()).add(e[0]);
    }
    Map<String, Set<String>> documented = new TreeMap<>();
    Pattern names = Pattern.compile("(--[a-z][a-z0-9-]*|\\b[A-Z][A-Z_]{4,}\\b)");
    for (Map.Entry<String, String> e : keyLines().entrySet()) {
      Matcher m = names.matcher(e.getValue());
      while (m.find()) {
        if (m.group(1).startsWith("--") || Set.of("MAILHOME", "QMAIL_HOME", "POP_USER", "POP_HOME").contains(m.group(1))) {
          documented.computeIfAbsent(e.getKey(), x -> new TreeSet<>()).add(m.group(1));
        }
      }
    }
    assertThat(documented).isEqualTo(expected);
  }

  /** Which keys each option of a command sets, found by giving it and asking where the value came from. */
  Map<String, Set<String>> optionsOf(String command) throws Exception {
    Map<String, Set<String>> out = new TreeMap<>();
    VqpopCommand root = new VqpopCommand(new Context("vqpop", Map.of(), new PrintStream(OutputStream.nullOutputStream())));
    CommandLine cl = new CommandLine(root);
    Path empty = dir.resolve("empty.toml");
    Files.writeString(empty, "");
    List<OptionSpec> options = new ArrayList<>(cl.getSubcommands().get(command).getCommandSpec().options());
    options.addAll(cl.getCommandSpec().options()); // --mailhome, --qmail, --pop-user, --config
    for (OptionSpec o : options) {
      if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--config")) {
        continue;
      }
      if (o.hidden()) {
        continue; // internal, not configuration: serve's --aot-training run for `vqpop aot`
      }
      List<String> args = new ArrayList<>(List.of("--config", empty.toString(), command, o.longestName()));
      if (o.arity().max() > 0) {
        args.add(sample(o.paramLabel()));
      }
      if (o.longestName().equals("--tls-cert")) {
        args.addAll(List.of("--tls-key", "/k"));
      }
      if (o.longestName().equals("--tls-sni")) {
        args.addAll(List.of("--tls-cert", "/c", "--tls-key", "/k"));
      }
      if (o.longestName().equals("--tls-key")) {
        args.addAll(List.of("--tls-cert", "/c"));
      }
      CommandLine.ParseResult r = new CommandLine(new VqpopCommand(root.ctx)).parseArgs(args.toArray(String[]::new));
      Object sub = r.subcommand().commandSpec().userObject();
      VqpopCommand parsed = (VqpopCommand) r.commandSpec().userObject();
      Configuration c = sub instanceof ServeCommand s ? s.configuration()
          : parsed.ctx.configuration(parsed.home, ((DeliverCommand) sub)::options);
      int found = 0;
      for (String key : ConfigLoader.knownKeys()) {
        ConfigLoader.Source s = c.source(key);
        if (s.origin() == ConfigLoader.Origin.OPTION && s.name().equals(o.longestName())) {
          out.computeIfAbsent(key, x -> new TreeSet<>()).add(o.longestName());
          found++;
        }
      }
      // options that set no key: deliver's own (-f, --sysexits, --qmail-local)
      if (found == 0) {
        assertThat(command).as(o.longestName()).isEqualTo("deliver");
      }
    }
    return out;
  }

  static String sample(String label) {
    return switch (label) {
      case "ADDR:PORT" -> "127.0.0.1:1";
      case "N", "SECONDS", "MS" -> "5";
      case "BITS" -> "48";
      case "MODE" -> "0600";
      case "SIZE" -> "1M";
      case "CHARS" -> "+";
      case "CHAR" -> "%";
      case "permanent|temporary" -> "temporary";
      case "NAMES:CERT:KEY" -> "a.test:/c:/k";
      case "NAME" -> "x.test";
      case "SENDER" -> "a@b.test";
      default -> "/x";
    };
  }
}
