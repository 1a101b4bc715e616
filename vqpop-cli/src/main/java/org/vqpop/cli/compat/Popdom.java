package org.vqpop.cli.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.cli.common.Context;
import org.vqpop.cli.common.MailHomeOptions;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.maildir.Quota;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code popdom}: adds, deletes and lists virtual POP domains. */
@Command(
    name = "popdom",
    usageHelpAutoWidth = true,
    description = "Add, delete or list virtual POP domains (virtualpopdomains).",
    customSynopsis = {
      "popdom -a DOMAIN HOSTNAME [DOMAINDIR [PREFIX]]",
      "popdom -a -q QUOTA DOMAIN HOSTNAME [DOMAINDIR [PREFIX]]",
      "popdom -d [-f] DOMAIN",
      "popdom -l"
    })
public final class Popdom implements Callable<Integer> {
  private final Context ctx;

  public Popdom(Context ctx) {
    this.ctx = ctx;
  }

  @Mixin MailHomeOptions home = new MailHomeOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "-a", description = "Add DOMAIN served as HOSTNAME, its users under DOMAINDIR (default DOMAIN), "
        + "with PREFIX for users/assign (default none).")
    boolean add;

    @Option(names = "-d", description = "Delete DOMAIN; refused while it has users, unless -f.")
    boolean delete;

    @Option(names = "-l", description = "List the domains as domain:hostname:domaindirectory:prefix.")
    boolean list;
  }

  @Option(names = "-f", description = "With -d: delete the domain with its users and their mail.")
  boolean force;

  @Option(names = "-q", paramLabel = "QUOTA",
      description = "With -a: the default quota of the domain's users (DOMAINDIR/quota), e.g. 100M, 100M,5000 or "
          + "104857600S,5000C; 'none' removes it.")
  @Nullable String quota;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(paramLabel = "ARG", arity = "0..4")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws AdminException {
    Admin admin = ctx.admin(home);
    if (mode.list) {
      expect(0, 0);
      for (VirtualDomain d : admin.domains().all().domains()) {
        System.out.println(d.toLine());
      }
    } else if (mode.delete) {
      expect(1, 1);
      admin.domains().remove(AdminArgs.domain(admin, args.get(0)).domain(), force);
    } else {
      expect(2, 4);
      Quota q = quota == null ? null : AdminArgs.quota(quota);
      admin.domains().add(AdminArgs.newDomain(args.get(0), args.get(1), args.size() > 2 ? args.get(2) : null,
          args.size() > 3 ? args.get(3) : null), q);
    }
    return 0;
  }

  private void expect(int min, int max) throws AdminException {
    if (args.size() < min || args.size() > max) {
      throw AdminException.bad("usage: popdom -a [-q QUOTA] DOMAIN HOSTNAME [DOMAINDIR [PREFIX]] | -d [-f] DOMAIN | -l");
    }
    if (force && !mode.delete) {
      throw AdminException.bad("-f goes with -d");
    }
    if (quota != null && !mode.add) {
      throw AdminException.bad("-q goes with -a");
    }
  }
}
