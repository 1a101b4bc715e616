package org.vqpop.cli;

import java.util.concurrent.Callable;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vqpop rebuild}: what {@code make} did in the seed, for every domain at once. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild every poppasswd.cdb, users/assign and users/cdb from their sources.")
final class RebuildCommand implements Callable<Integer> {
  @ParentCommand VqpopCommand root;

  @Option(names = {"-f", "--force"},
      description = "Replace users/assign even when it routes the pop account's addresses to homes outside this "
          + "mail home (after moving the mail home); without it such a rebuild is refused.")
  boolean force;

  @Override
  public Integer call() throws AdminException {
    root.ctx.admin(root.home).rebuild(force);
    return 0;
  }
}
