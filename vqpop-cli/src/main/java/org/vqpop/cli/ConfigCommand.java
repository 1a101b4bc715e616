package org.vqpop.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.Configuration;
import org.vqpop.config.TomlText;
import org.vqpop.mailhome.AdminException;
import org.vqpop.server.StartCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vqpop config check} and {@code vqpop config dump}: the configuration as the other
 * commands see it (the file, then the environment, then {@code --mailhome}, {@code --qmail},
 * {@code --pop-user}), checked or printed.
 */
@Command(name = "config", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = "Check or print the configuration (the file, the environment and the options, merged).",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Dump.class})
final class ConfigCommand implements Runnable {
  @ParentCommand VqpopCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The file and the environment, as every command reads them. */
  static ConfigLoader loader(VqpopCommand root) throws AdminException {
    try {
      return root.ctx.loader(root.home);
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
      description = {"Check everything vqpop serve checks when it starts, short of binding its ports: every key,",
          "the listeners, the certificates and keys (readable, matching), the mail home, the system account files.",
          "Prints every problem, one a line, and exits 1 if there is any; else prints 'ok' and exits 0."})
  static final class Check implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws AdminException {
      ConfigLoader l = loader(parent.root);
      List<String> problems = new ArrayList<>(l.problems());
      if (problems.isEmpty()) {
        try {
          problems.addAll(StartCheck.problems(l.load().config()));
        } catch (ConfigException e) {
          problems.add(e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (problems.isEmpty()) {
        out.println("ok" + (l.file() != null ? ": " + l.file() : ": no configuration file, the defaults"));
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      for (String p : problems) {
        err.println(parent.root.ctx.program() + ": " + p);
      }
      return Launcher.EXIT_BAD;
    }
  }

  @Command(name = "dump", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
      description = {"Print the configuration in effect as TOML: what differs from the defaults, or with --all every key.",
          "Secret values are masked; the text can be read back as a configuration file."})
  static final class Dump implements Callable<Integer> {
    @ParentCommand ConfigCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--all", description = "Every key, defaults included.")
    boolean all;

    @Option(names = "--origin", description = "A comment after each value: default, file FILE, environment VAR or option --NAME.")
    boolean origin;

    @Override
    public Integer call() throws AdminException {
      Configuration c;
      try {
        c = loader(parent.root).load();
      } catch (ConfigException e) {
        throw AdminException.bad(e.getMessage());
      }
      spec.commandLine().getOut().print(TomlText.write(c, all, origin));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
