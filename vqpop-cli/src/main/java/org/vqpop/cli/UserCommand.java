package org.vqpop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.cli.common.SecretInput;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.QuotaReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vqpop user}: what {@code mkpopdb} and {@code mkpopuser} do, a user at a time. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Add, remove, list and show POP users, and set their quotas.")
final class UserCommand {
  @ParentCommand VqpopCommand root;

  Admin admin() throws AdminException {
    return root.ctx.admin(root.home);
  }

  /** {@code user@domain}, split at the last '@'. */
  record Address(String user, String domain) {
    static Address parse(String s) throws AdminException {
      int at = s.lastIndexOf('@');
      if (at <= 0 || at == s.length() - 1) {
        throw AdminException.bad("'" + s + "' is not USER@DOMAIN");
      }
      return new Address(s.substring(0, at), s.substring(at + 1));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user: the database entry and the home in one step (mkpopdb -a + mkpopuser -a). "
          + "The password is read from the terminal or standard input.")
  int add(
      @Parameters(paramLabel = "USER@DOMAIN") String address,
      @Option(names = "--apop", description = "Store what is read as the APOP secret instead of a hashed password.")
          boolean apop,
      @Option(names = "--quota", paramLabel = "QUOTA",
          description = "The user's own quota, e.g. 100M, 100M,5000 or 104857600S,5000C (default: the domain's).")
          @Nullable String quotaText)
      throws AdminException {
    Address a = Address.parse(address);
    Quota quota = quotaText == null ? Quota.NONE : AdminArgs.quota(quotaText);
    Admin admin = admin();
    VirtualDomain d = AdminArgs.domain(admin, a.domain());
    UserName u = AdminArgs.user(a.user());
    byte[] pw = SecretInput.read(System.in, apop ? "APOP secret" : "password");
    try {
      Path h = apop
          ? admin.users().add(d.domain(), u, null, new String(pw, StandardCharsets.UTF_8), quota)
          : admin.users().add(d.domain(), u, pw, null, quota);
      System.out.println("added " + u + "@" + d.domain() + " (home " + h + ")"); // as stored: lower case
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return 0;
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password (mkpopdb -a).")
  int passwd(
      @Parameters(paramLabel = "USER@DOMAIN") String address,
      @Option(names = "--apop", description = "Set the APOP secret instead (mkpopdb -a -s).") boolean apop)
      throws AdminException {
    Address a = Address.parse(address);
    Admin admin = admin();
    VirtualDomain d = AdminArgs.domain(admin, a.domain());
    UserName u = AdminArgs.user(a.user());
    if (admin.users().find(d, u).isEmpty()) {
      throw AdminException.bad("no user " + address + "; add it with vqpop user add");
    }
    byte[] pw = SecretInput.read(System.in, apop ? "APOP secret" : "password");
    try {
      if (apop) {
        admin.users().setSecret(d.domain(), u, new String(pw, StandardCharsets.UTF_8));
      } else {
        admin.users().setPassword(d.domain(), u, pw);
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    System.out.println("changed " + (apop ? "APOP secret" : "password") + " of " + u + "@" + d.domain());
    return 0;
  }

  @Command(name = "quota", mixinStandardHelpOptions = true,
      description = {"Show or set a user's own quota; 'none' clears it, so the domain's default applies.",
          "QUOTA is 100M, 2G, 512k, 100M,5000 (bytes and messages), 5000C (messages only) or the Maildir++ "
              + "form 104857600S,5000C."},
      customSynopsis = {"vqpop user quota DOMAIN USER [QUOTA|none]", "vqpop user quota USER@DOMAIN [QUOTA|none]"})
  int quota(@Parameters(paramLabel = "ARG", arity = "1..3") List<String> args) throws AdminException {
    boolean address = args.get(0).contains("@");
    int base = address ? 1 : 2;
    if (args.size() < base || args.size() > base + 1) {
      throw AdminException.bad("usage: vqpop user quota DOMAIN USER [QUOTA|none]");
    }
    Address a = address ? Address.parse(args.get(0)) : new Address(args.get(1), args.get(0));
    Admin admin = admin();
    if (args.size() > base) {
      Quota q = AdminArgs.quota(args.get(base));
      UserName u = AdminArgs.user(a.user());
      admin.quotas().setUser(AdminArgs.domain(admin, a.domain()).domain(), u, q);
      System.out.println(q.unlimited()
          ? "cleared the quota of " + a.user() + "@" + a.domain() + " (the domain's default applies)"
          : "set the quota of " + a.user() + "@" + a.domain() + " to " + QuotaText.describe(q));
      return 0;
    }
    VirtualDomain d = AdminArgs.domain(admin, a.domain());
    PopUser u = admin.users().find(d, AdminArgs.user(a.user()))
        .orElseThrow(() -> AdminException.bad("no user " + a.user() + "@" + a.domain()));
    Quota own = new Quota(u.quotaBytes(), u.quotaMessages());
    Quota dflt = admin.quotas().domainDefault(d);
    System.out.printf("%-15s %s%n", "own:", QuotaText.describe(own));
    System.out.printf("%-15s %s%n", "domain default:", QuotaText.describe(dflt));
    System.out.printf("%-15s %s%n", "effective:", QuotaText.describe(own.orElse(dflt)));
    return 0;
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a user: entry, home and mail (mkpopuser -d + mkpopdb -d).")
  int remove(@Parameters(paramLabel = "USER@DOMAIN") String address) throws AdminException {
    Address a = Address.parse(address);
    Admin admin = admin();
    VirtualDomain d = AdminArgs.domain(admin, a.domain());
    UserName u = AdminArgs.user(a.user());
    admin.users().remove(d.domain(), u);
    System.out.println("removed " + u + "@" + d.domain());
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users of one domain or of all.")
  int list(
      @Parameters(paramLabel = "DOMAIN", arity = "0..1") @Nullable String domain,
      @Option(names = "--json", description = "Print JSON.") boolean json)
      throws AdminException {
    Admin admin = admin();
    List<VirtualDomain> ds =
        domain != null ? List.of(AdminArgs.domain(admin, domain)) : admin.domains().all().domains();
    List<Map<String, Object>> out = new ArrayList<>();
    for (VirtualDomain d : ds) {
      Quota dflt = json ? admin.quotas().domainDefault(d) : Quota.NONE;
      for (PopUser u : admin.users().all(d).users()) {
        Map<String, Object> m = describe(admin, d, u, false);
        if (json) {
          Quota own = new Quota(u.quotaBytes(), u.quotaMessages());
          m.put("quota", own.toString());
          m.put("effective_quota", own.orElse(dflt).toString());
        }
        out.add(m);
      }
    }
    if (json) {
      Json.print(out);
    } else {
      for (Map<String, Object> m : out) {
        System.out.printf("%-40s %-14s %s%n", m.get("address"), m.get("login"), m.get("home"));
      }
    }
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user and the mail it holds.")
  int show(
      @Parameters(paramLabel = "USER@DOMAIN") String address,
      @Option(names = "--json", description = "Print JSON.") boolean json)
      throws AdminException {
    Address a = Address.parse(address);
    Admin admin = admin();
    VirtualDomain d = AdminArgs.domain(admin, a.domain());
    PopUser u = admin.users().find(d, AdminArgs.user(a.user()))
        .orElseThrow(() -> AdminException.bad("no user " + address));
    Map<String, Object> m = describe(admin, d, u, true);
    QuotaReport r = admin.quotas().report(d, u);
    if (json) {
      m.put("quota", QuotaText.json(r));
      m.put("usage", QuotaText.usageJson(r));
      Json.print(m);
    } else {
      m.put("quota", QuotaText.describe(r.effective()) + " (own " + r.own() + ", domain default " + r.domainDefault() + ")");
      m.put("usage", QuotaText.usage(r));
      m.forEach((k, v) -> System.out.printf("%-15s %s%n", k + ":", v));
    }
    return 0;
  }

  static Map<String, Object> describe(Admin admin, VirtualDomain d, PopUser u, boolean usage) throws AdminException {
    Map<String, Object> m = new LinkedHashMap<>();
    Path h = admin.mailHome().layout().home(d, u.name());
    m.put("address", u.name() + "@" + d.domain());
    m.put("user", u.name().name());
    m.put("domain", d.domain().name());
    m.put("login", login(u));
    m.put("home", h.toString());
    if (usage) {
      m.put("password", u.passwordHash().isEmpty() ? "none"
          : PasswordScheme.detect(u.passwordHash()).map(PasswordScheme::configName).orElse("unknown scheme"));
      m.put("apop", !u.apopSecret().isEmpty());
      m.put("home_exists", Files.isDirectory(h.resolve("Maildir")));
      long[] mail = usage(h.resolve("Maildir"));
      m.put("messages", mail[0]);
      m.put("octets", mail[1]);
      m.put("quota_octets", u.quotaBytes());
      m.put("quota_messages", u.quotaMessages());
      m.put("flags", u.flags());
    }
    return m;
  }

  private static String login(PopUser u) {
    if (u.disabled()) {
      return "disabled";
    }
    boolean pw = !u.passwordHash().isEmpty();
    boolean apop = !u.apopSecret().isEmpty();
    return pw && apop ? "password+apop" : pw ? "password" : apop ? "apop" : "none";
  }

  /** Messages and octets in {@code new/} and {@code cur/}. */
  private static long[] usage(Path maildir) throws AdminException {
    long count = 0;
    long octets = 0;
    for (String sub : new String[] {"new", "cur"}) {
      Path dir = maildir.resolve(sub);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
            count++;
            octets += Files.size(p);
          }
        }
      } catch (IOException e) {
        throw new AdminException(AdminException.Kind.TEMPORARY, "cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    return new long[] {count, octets};
  }
}
