package org.vqpop.cli;

import org.vqpop.cli.common.Context;
import org.vqpop.cli.common.MailHomeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The root of the modern command. */
@Command(
    name = "vqpop",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    versionProvider = VqpopCommand.Version.class,
    description = "Virtual POP domains and users: administration of a vqpop mail home.",
    subcommands = {
      InitCommand.class,
      DomainCommand.class,
      UserCommand.class,
      RebuildCommand.class,
      ImportCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      DeliverCommand.class,
      AotTrainingCommand.class,
      ConfigCommand.class,
    })
public final class VqpopCommand implements Runnable {
  final Context ctx;

  @Mixin MailHomeOptions home = new MailHomeOptions();

  public VqpopCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.err);
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VqpopCommand.class.getPackage().getImplementationVersion();
      return new String[] {"vqpop " + (v != null ? v : "(development build)")};
    }
  }
}
