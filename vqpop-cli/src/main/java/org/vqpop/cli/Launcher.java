package org.vqpop.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.vqpop.cli.common.Context;
import org.vqpop.cli.compat.Chkpoppass;
import org.vqpop.cli.compat.Mkpopdb;
import org.vqpop.cli.compat.Mkpopuser;
import org.vqpop.cli.compat.Popdom;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine;

/**
 * Entry point of every command. {@code bin/popdom}, {@code bin/mkpopdb} and {@code bin/mkpopuser}
 * are links to {@code bin/vqpop}; the launcher script passes the name it was started under as the
 * system property {@code vqpop.argv0}, and this class picks the command by it, as a busybox does.
 *
 * <p>Exit codes: 0 done, 1 bad input or usage, 111 temporary failure (as qmail's tools);
 * {@code chkpoppass} has checkpassword's own (see {@link Chkpoppass}). An
 * unexpected error prints one line, never a stack trace, unless {@code VQPOP_DEBUG} is set.
 */
public final class Launcher {
  private Launcher() {}

  public static final int EXIT_BAD = 1;
  public static final int EXIT_TEMP = 111;

  public static void main(String[] args) {
    String name = System.getProperty("vqpop.argv0", "vqpop");
    System.exit(run(name, args));
  }

  public static int run(String name, String[] args) {
    return run(name, args, System.getenv());
  }

  /** The same with another environment (the AOT training runs commands on a scratch mail home). */
  static int run(String name, String[] args, java.util.Map<String, String> env) {
    Context ctx = new Context(name, env, System.err);
    // checkpassword's command line is not picocli's: PROGRAM's own arguments may look like options.
    if (name.equals("chkpoppass")) {
      return new Chkpoppass(ctx, System.err).run(args);
    }
    Object command = switch (name) {
      case "popdom" -> new Popdom(ctx);
      case "mkpopdb" -> new Mkpopdb(ctx);
      case "mkpopuser" -> new Mkpopuser(ctx);
      default -> new VqpopCommand(ctx);
    };
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUnmatchedOptionsArePositionalParams(true); // a password may start with "-"
    cl.setParameterExceptionHandler((ex, a) -> {
      // A delivery agent never bounces mail over its own command line: the MTA keeps it. It
      // prints one line, no usage, since its output becomes the MTA's log line.
      if (ex.getCommandLine().getCommand() instanceof DeliverCommand) {
        boolean sysexits = java.util.Arrays.asList(a).contains("--sysexits");
        ex.getCommandLine().getErr().println(DeliverCommand.configurationLine(name, sysexits, ex.getMessage()));
        return sysexits ? 75 : EXIT_TEMP;
      }
      ex.getCommandLine().getErr().println(name + ": " + ex.getMessage());
      ex.getCommandLine().usage(ex.getCommandLine().getErr());
      return EXIT_BAD;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (c.getCommand() instanceof DeliverCommand d) {
        c.getErr().println(DeliverCommand.configurationLine(name, d.sysexits,
            ex instanceof AdminException ? ex.getMessage() : "internal error: " + ex));
        return d.temporary();
      }
      if (ex instanceof AdminException a) {
        // A configuration names every problem, one a line.
        for (String line : String.valueOf(a.getMessage()).split("\n")) {
          c.getErr().println(name + ": " + line);
        }
        return a.kind() == AdminException.Kind.BAD_INPUT ? EXIT_BAD : EXIT_TEMP;
      }
      c.getErr().println(name + ": internal error: " + ex);
      if (System.getenv("VQPOP_DEBUG") != null) {
        ex.printStackTrace(c.getErr());
      }
      return EXIT_TEMP;
    });
    return cl.execute(args);
  }
}
