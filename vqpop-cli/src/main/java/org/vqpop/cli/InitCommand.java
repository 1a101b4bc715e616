package org.vqpop.cli;

import java.util.concurrent.Callable;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop init}: creates a new mail home, what the seed's {@code mkdir /var/mailhome} did. It
 * is the one command that creates one (besides {@code vqpop demo}'s scratch home): every other
 * command refuses a missing mail home, so that a mistyped path never becomes an empty mail home
 * whose rebuild takes every user's qmail route away.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create the mail home (mode 0755, owned by the pop account; its parent must exist) with its "
        + "lock file and Makefile. Other commands never create a missing mail home.")
final class InitCommand implements Callable<Integer> {
  @ParentCommand VqpopCommand root;

  @Override
  public Integer call() throws AdminException {
    Admin admin = root.ctx.admin(root.home);
    boolean created = admin.init();
    System.out.println((created ? "created mail home " : "mail home exists: ") + admin.mailHome().root());
    return 0;
  }
}
