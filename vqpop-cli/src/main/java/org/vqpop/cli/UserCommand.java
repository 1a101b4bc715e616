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
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vqpop user}: what {@code mkpopdb} and {@code mkpopuser} do, a user at a time. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Add, remove, list and show POP users.")
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
          boolean apop)
      throws AdminException {
    Address a = Address.parse(address);
    Admin admin = admin();
    admin.domain(a.domain());
    byte[] pw = SecretInput.read(System.in, apop ? "APOP secret" : "password");
    try {
      Path h = apop
          ? admin.addUser(a.domain(), a.user(), null, new String(pw, StandardCharsets.UTF_8))
          : admin.addUser(a.domain(), a.user(), pw, null);
      System.out.println("added " + address + " (home " + h + ")");
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
    VirtualDomain d = admin.domain(a.domain());
    if (admin.user(d, org.vqpop.address.UserName.of(a.user())).isEmpty()) {
      throw AdminException.bad("no user " + address + "; add it with vqpop user add");
    }
    byte[] pw = SecretInput.read(System.in, apop ? "APOP secret" : "password");
    try {
      if (apop) {
        admin.setSecret(a.domain(), a.user(), new String(pw, StandardCharsets.UTF_8));
      } else {
        admin.setPassword(a.domain(), a.user(), pw);
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    System.out.println("changed " + (apop ? "APOP secret" : "password") + " of " + address);
    return 0;
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a user: entry, home and mail (mkpopuser -d + mkpopdb -d).")
  int remove(@Parameters(paramLabel = "USER@DOMAIN") String address) throws AdminException {
    Address a = Address.parse(address);
    admin().removeUser(a.domain(), a.user());
    System.out.println("removed " + address);
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users of one domain or of all.")
  int list(
      @Parameters(paramLabel = "DOMAIN", arity = "0..1") @Nullable String domain,
      @Option(names = "--json", description = "Print JSON.") boolean json)
      throws AdminException {
    Admin admin = admin();
    List<VirtualDomain> ds = domain != null ? List.of(admin.domain(domain)) : admin.domains().domains();
    List<Map<String, Object>> out = new ArrayList<>();
    for (VirtualDomain d : ds) {
      for (PopUser u : admin.users(d).users()) {
        out.add(describe(admin, d, u, false));
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
    VirtualDomain d = admin.domain(a.domain());
    PopUser u = admin.user(d, org.vqpop.address.UserName.of(a.user()))
        .orElseThrow(() -> AdminException.bad("no user " + address));
    Map<String, Object> m = describe(admin, d, u, true);
    if (json) {
      Json.print(m);
    } else {
      m.forEach((k, v) -> System.out.printf("%-15s %s%n", k + ":", v));
    }
    return 0;
  }

  static Map<String, Object> describe(Admin admin, VirtualDomain d, PopUser u, boolean usage) throws AdminException {
    Map<String, Object> m = new LinkedHashMap<>();
    Path h = admin.mailHome().home(d, u.name());
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
