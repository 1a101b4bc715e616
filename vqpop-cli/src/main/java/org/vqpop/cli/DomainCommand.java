package org.vqpop.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.directory.MailHomeLayout;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.maildir.Quota;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vqpop domain}: the same changes as the seed's {@code popdom}. */
@Command(name = "domain", mixinStandardHelpOptions = true, description = "Add, remove, list and show virtual POP domains, and set their default quotas.")
final class DomainCommand {
  @ParentCommand VqpopCommand root;

  Admin admin() throws AdminException {
    return root.ctx.admin(root.home);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a domain (popdom -a).")
  int add(
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Parameters(paramLabel = "HOSTNAME", description = "Its POP host: a name or an address.") String host,
      @Option(names = "--dir", paramLabel = "DIR", description = "Its directory in the mail home (default DOMAIN).")
          @Nullable String dir,
      @Option(names = "--prefix", paramLabel = "PREFIX", description = "Its users/assign prefix (default none).")
          @Nullable String prefix,
      @Option(names = "--quota", paramLabel = "QUOTA",
          description = "The default quota of its users, e.g. 100M, 100M,5000 or 104857600S,5000C (default none).")
          @Nullable String quotaText)
      throws AdminException {
    Quota quota = quotaText == null ? null : AdminArgs.quota(quotaText);
    Admin a = admin();
    VirtualDomain d = a.domains().add(AdminArgs.newDomain(domain, host, dir, prefix), quota);
    System.out.println("added " + d.toLine());
    return 0;
  }

  @Command(name = "quota", mixinStandardHelpOptions = true,
      description = {"Show or set a domain's default quota (DOMAINDIR/quota), which applies to each part of a "
          + "quota a user does not set; 'none' removes it.",
          "QUOTA is 100M, 2G, 512k, 100M,5000 (bytes and messages), 5000C (messages only) or the Maildir++ "
              + "form 104857600S,5000C."})
  int quota(
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Parameters(paramLabel = "QUOTA|none", arity = "0..1") @Nullable String quotaText)
      throws AdminException {
    Admin a = admin();
    if (quotaText == null) {
      System.out.println(QuotaText.describe(a.quotas().domainDefault(AdminArgs.domain(a, domain))));
      return 0;
    }
    Quota q = AdminArgs.quota(quotaText);
    VirtualDomain d = a.quotas().setDomainDefault(AdminArgs.domain(a, domain).domain(), q);
    System.out.println(q.unlimited()
        ? "removed the default quota of " + d.domain()
        : "set the default quota of " + d.domain() + " to " + QuotaText.describe(q));
    return 0;
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a domain (popdom -d).")
  int remove(
      @Parameters(paramLabel = "DOMAIN") String domain,
      @Option(names = {"-f", "--force"}, description = "Also remove its users and their mail.") boolean force)
      throws AdminException {
    Admin a = admin();
    a.domains().remove(AdminArgs.domain(a, domain).domain(), force);
    System.out.println("removed " + domain);
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the domains (popdom -l).")
  int list(@Option(names = "--json", description = "Print JSON.") boolean json) throws AdminException {
    Admin a = admin();
    List<Map<String, Object>> out = new ArrayList<>();
    for (VirtualDomain d : a.domains().all().domains()) {
      out.add(describe(a, d));
    }
    if (json) {
      Json.print(out);
    } else {
      System.out.printf("%-30s %-30s %-20s %-10s %s%n", "DOMAIN", "HOSTNAME", "DIRECTORY", "PREFIX", "USERS");
      for (Map<String, Object> m : out) {
        System.out.printf("%-30s %-30s %-20s %-10s %s%n", m.get("domain"), m.get("hostname"), m.get("directory"),
            m.get("prefix"), m.get("users"));
      }
    }
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one domain.")
  int show(@Parameters(paramLabel = "DOMAIN") String domain, @Option(names = "--json", description = "Print JSON.") boolean json)
      throws AdminException {
    Admin a = admin();
    VirtualDomain d = AdminArgs.domain(a, domain);
    Map<String, Object> m = describe(a, d);
    MailHomeLayout layout = a.mailHome().layout();
    m.put("path", layout.domainDir(d).toString());
    m.put("database", layout.popPasswdCdb(d).toString());
    m.put("quota", a.quotas().domainDefault(d).toString());
    if (json) {
      Json.print(m);
    } else {
      m.forEach((k, v) -> System.out.printf("%-10s %s%n", k + ":", v));
    }
    return 0;
  }

  static Map<String, Object> describe(Admin a, VirtualDomain d) throws AdminException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", d.domain().name());
    m.put("hostname", d.host().name());
    m.put("directory", d.directory());
    m.put("prefix", d.prefix());
    m.put("users", a.users().all(d).size());
    return m;
  }
}
