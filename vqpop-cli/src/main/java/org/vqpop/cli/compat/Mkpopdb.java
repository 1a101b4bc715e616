package org.vqpop.cli.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.cli.common.Context;
import org.vqpop.cli.common.MailHomeOptions;
import org.vqpop.cli.common.SecretInput;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mkpopdb}: maintains a domain's POP user database. With {@code -a} it sets a user's POP
 * password (stored hashed) or, with {@code -s}, APOP secret (stored as given, as APOP needs it;
 * also accepted as the POP password). A password left off the command line is read from standard
 * input.
 */
@Command(
    name = "mkpopdb",
    usageHelpAutoWidth = true,
    description = "Maintain the POP user database (poppasswd.cdb) of a domain.",
    customSynopsis = {"mkpopdb -a [-s] DOMAIN USER [PASSWORD]", "mkpopdb -d DOMAIN USER"})
public final class Mkpopdb implements Callable<Integer> {
  private final Context ctx;

  public Mkpopdb(Context ctx) {
    this.ctx = ctx;
  }

  @Mixin MailHomeOptions home = new MailHomeOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "-a", description = "Add USER or change the password (read from standard input when left out).")
    boolean add;

    @Option(names = "-d", description = "Delete USER's entry.")
    boolean delete;
  }

  @Option(names = "-s", description = "With -a: store the password as the user's APOP secret.")
  boolean secret;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(paramLabel = "ARG", arity = "0..3")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws AdminException {
    if (secret && !mode.add) {
      throw AdminException.bad("-s goes with -a");
    }
    Admin admin = ctx.admin(home);
    if (mode.delete) {
      if (args.size() != 2) {
        throw AdminException.bad("usage: mkpopdb -d DOMAIN USER");
      }
      UserName u = AdminArgs.user(args.get(1));
      admin.users().removeEntry(AdminArgs.domain(admin, args.get(0)).domain(), u);
      return 0;
    }
    if (args.size() < 2) {
      throw AdminException.bad("usage: mkpopdb -a [-s] DOMAIN USER [PASSWORD]");
    }
    // A wrong domain or user name is reported before a password is asked for.
    Domain d = AdminArgs.domain(admin, args.get(0)).domain();
    UserName u = AdminArgs.user(args.get(1));
    byte[] pw = args.size() > 2
        ? args.get(2).getBytes(StandardCharsets.UTF_8)
        : SecretInput.read(System.in, secret ? "APOP secret" : "password");
    try {
      if (secret) {
        admin.users().setSecret(d, u, new String(pw, StandardCharsets.UTF_8));
      } else {
        admin.users().setPassword(d, u, pw);
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return 0;
  }
}
