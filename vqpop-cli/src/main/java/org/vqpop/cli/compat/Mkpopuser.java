package org.vqpop.cli.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.cli.common.Context;
import org.vqpop.cli.common.MailHomeOptions;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.maildir.Quota;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mkpopuser}: creates and deletes a POP user's home, Maildir and {@code .qmail}. */
@Command(
    name = "mkpopuser",
    usageHelpAutoWidth = true,
    description = "Create or delete a POP user's home (DOMAINDIR/u/user) with its Maildir and .qmail.",
    customSynopsis = {"mkpopuser -a DOMAIN USER", "mkpopuser -a -q QUOTA DOMAIN USER", "mkpopuser -d DOMAIN USER"})
public final class Mkpopuser implements Callable<Integer> {
  private final Context ctx;

  public Mkpopuser(Context ctx) {
    this.ctx = ctx;
  }

  @Mixin MailHomeOptions home = new MailHomeOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "-a", description = "Create the home, Maildir and .qmail.")
    boolean add;

    @Option(names = "-d", description = "Delete the home, with its mail.")
    boolean delete;
  }

  @Option(names = "-q", paramLabel = "QUOTA",
      description = "With -a: set the user's own quota in its poppasswd line (added by mkpopdb -a), e.g. 100M, "
          + "100M,5000 or 104857600S,5000C; 'none' clears it.")
  @Nullable String quota;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(paramLabel = "ARG", arity = "0..2")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws AdminException {
    if (args.size() != 2) {
      throw AdminException.bad("usage: mkpopuser -a [-q QUOTA] DOMAIN USER | -d DOMAIN USER");
    }
    if (quota != null && !mode.add) {
      throw AdminException.bad("-q goes with -a");
    }
    Quota q = quota == null ? null : AdminArgs.quota(quota);
    Admin admin = ctx.admin(home);
    UserName u = AdminArgs.user(args.get(1));
    Domain d = AdminArgs.domain(admin, args.get(0)).domain();
    if (mode.add) {
      admin.homes().create(d, u, q);
    } else {
      admin.homes().remove(d, u);
    }
    return 0;
  }
}
