package org.vqpop.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopUser;
import org.vqpop.directory.UserDirectory;
import org.vqpop.domain.DomainTable;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.DomainQuota;
import org.vqpop.mailhome.MailHome;
import org.vqpop.maildir.Quota;

/**
 * Finds the virtual user a recipient address belongs to: the domain in {@code virtualpopdomains},
 * then the local part in that domain's user database, first as it is and then without an address
 * extension ({@code user+detail}, {@code user-detail}: cut at the last separator first, so that
 * {@code mary-ann-lists} finds {@code mary-ann} before {@code mary}).
 */
public final class RecipientResolver {
  private final DomainTable domains;
  private final UserDirectory users;
  private final MailHome home;
  private final String separators;

  /**
   * @param separators the characters that start an address extension, such as {@code "+-"}; empty
   *     for none
   */
  public RecipientResolver(DomainTable domains, UserDirectory users, MailHome home, String separators) {
    this.domains = domains;
    this.users = users;
    this.home = home;
    this.separators = separators;
  }

  /** The outcome of resolving one address. */
  public sealed interface Resolution {}

  /**
   * A virtual user.
   *
   * @param mailbox the user's own address, {@code user@domain}, as it goes into {@code Delivered-To:}
   * @param quota the user's quota, parts it leaves unset taken from the domain's default
   */
  public record Resolved(String mailbox, VirtualDomain domain, PopUser user, Path home, Quota quota)
      implements Resolution {
    /** The Maildir mail for this user goes to. */
    public Path maildir() {
      return home.resolve("Maildir");
    }
  }

  /**
   * Not deliverable here, now ({@link Status#temporary()}) or ever.
   *
   * @param detail for the log, never for the client
   */
  public record Refused(Status status, String detail) implements Resolution {}

  /** Resolves {@code address} ({@code local@domain}, without angle brackets). */
  public Resolution resolve(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return new Refused(new Status(501, "5.1.3", "<" + address + "> is not user@domain"), "bad address");
    }
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String domainName = address.substring(at + 1).toLowerCase(Locale.ROOT);
    if (domainName.endsWith(".")) {
      domainName = domainName.substring(0, domainName.length() - 1);
    }
    String problem = configurationProblem();
    if (problem != null) {
      return new Refused(new Status(451, "4.3.5", "<" + address + "> mail system configuration error, try again later"),
          problem);
    }
    Optional<VirtualDomain> vd;
    try {
      vd = domains.current().find(Domain.of(domainName));
    } catch (InvalidNameException e) {
      vd = Optional.empty();
    }
    if (vd.isEmpty()) {
      return new Refused(new Status(550, "5.1.1", "<" + address + "> no such domain here"),
          "domain " + domainName + " is not in " + domains.file());
    }
    VirtualDomain d = vd.get();
    for (String candidate : candidates(local)) {
      UserName name;
      try {
        name = UserName.of(candidate);
      } catch (InvalidNameException e) {
        continue;
      }
      UserDirectory.LookupResult r = users.lookup(d, name);
      switch (r) {
        case UserDirectory.Found f -> {
          Quota domainDefault;
          try {
            domainDefault = DomainQuota.read(home.layout().domainDir(d));
          } catch (IOException e) {
            return new Refused(new Status(451, "4.3.0", "<" + address + "> temporary failure, try again later"),
                e.getMessage());
          }
          Quota own = new Quota(f.user().quotaBytes(), f.user().quotaMessages());
          return new Resolved(name + "@" + d.domain().name(), d, f.user(), f.home(), own.orElse(domainDefault));
        }
        case UserDirectory.Failed fail -> {
          return new Refused(new Status(451, "4.3.0", "<" + address + "> temporary failure, try again later"),
              fail.detail());
        }
        case UserDirectory.NotFound nf -> {
          // try the next candidate
        }
      }
    }
    return new Refused(new Status(550, "5.1.1", "<" + address + "> user unknown"),
        "no user " + local + " in " + d.domain().name());
  }

  /**
   * Why no address can be resolved at all, or null. An unreadable {@code virtualpopdomains}, or
   * one that is missing or lists no domain, says that this program looks at the wrong mail home
   * (an MTA runs {@code vqpop deliver} without {@code MAILHOME} in its environment) or that the
   * mail home is broken: a temporary failure, so that the MTA keeps the mail until an
   * administrator fixes it, never "no such domain", which would bounce every message.
   */
  private @Nullable String configurationProblem() {
    String problem = domains.unusable();
    if (problem != null || !domains.current().domains().isEmpty()) {
      return problem;
    }
    if (!Files.isDirectory(home.root())) {
      return "mail home " + home.root() + " does not exist (set --mailhome, MAILHOME or mailhome in the configuration file)";
    }
    return Files.exists(domains.file()) ? domains.file() + " lists no domain" : domains.file() + " does not exist";
  }

  /** The local part, then each shorter prefix ending before a separator, longest first. */
  List<String> candidates(String local) {
    List<String> out = new ArrayList<>();
    out.add(local);
    for (int i = local.length() - 1; i > 0; i--) {
      if (separators.indexOf(local.charAt(i)) >= 0) {
        out.add(local.substring(0, i));
      }
    }
    return out;
  }
}
