package org.vqpop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.delivery.Deliveries;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.IncomingMessage;
import org.vqpop.delivery.RecipientResolver;
import org.vqpop.delivery.Status;
import org.vqpop.domain.DomainTable;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop deliver}: a local delivery agent for pipes (Postfix {@code pipe}, Exim, procmail, a
 * {@code .qmail} line). Exit codes are qmail-local's, 0 delivered, 100 permanent failure, 111
 * temporary failure, or with {@code --sysexits} those of {@code sysexits.h}, 0, 67 and 75. Every
 * problem that is not about the message or its recipient (a bad option, an unreadable file) is
 * temporary, so that the MTA keeps the mail until an administrator fixes it.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
      "Deliver the message on standard input to virtual users' Maildirs.",
      "Exit 0 delivered, 100 permanent failure, 111 temporary failure (qmail-local's convention);",
      "with --sysexits 0, 67 (EX_NOUSER) and 75 (EX_TEMPFAIL), for Postfix's pipe.",
      "With several recipients: 111 if any failed temporarily, else 100 if any failed, else 0;",
      "give one recipient per run when the MTA can (Postfix: DEST_destination_recipient_limit = 1)."})
final class DeliverCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("org.vqpop.deliver");

  @ParentCommand VqpopCommand root;

  @Option(names = "-f", paramLabel = "SENDER",
      description = "The envelope sender, for Return-Path (default: env SENDER, as qmail-local sets it; else empty).")
  @Nullable String sender;

  @Option(names = "--sysexits", description = "Exit 0, 67 or 75 (sysexits.h) instead of 0, 100 or 111.")
  boolean sysexits;

  @Option(names = "--qmail-local",
      description = "Take the recipient from qmail-local's environment, for ~alias/.qmail-vdom-default: "
          + "HOST is the domain and EXT2 is PREFIX-user (the domain's prefix from virtualpopdomains).")
  boolean qmail;

  @Option(names = "--detail-separators", paramLabel = "CHARS",
      description = "Characters that start an address extension: user+x and user-x go to user "
          + "(delivery.detail_separators; default +-).")
  @Nullable String separators;

  @Option(names = "--max-message-size", paramLabel = "SIZE",
      description = "Refuse larger messages (delivery.max_message_size; default 50M).")
  @Nullable String maxSize;

  @Option(names = "--quota-full", paramLabel = "permanent|temporary",
      description = "Whether a full mailbox bounces at once or is retried (delivery.quota_full; default permanent).")
  @Nullable String quotaFull;

  @Option(names = "--hostname", paramLabel = "NAME",
      description = "Host name in Maildir file names (delivery.hostname; default: this host's).")
  @Nullable String hostname;

  @Parameters(paramLabel = "RECIPIENT", arity = "0..*", description = "user@domain; several may be given.")
  List<String> recipients = new ArrayList<>();

  @Override
  public Integer call() throws AdminException, IOException {
    Context ctx = root.ctx;
    PrintStream err = System.err;
    MailHome home = ctx.mailHome(root.home);
    DeliveryConfig config = settings(ctx.deliveryConfig(root.home));
    for (String r : recipients) {
      if (r.startsWith("-")) {
        throw AdminException.bad("unknown option '" + r + "' (see vqpop deliver --help)");
      }
    }
    List<String> rcpts = new ArrayList<>(recipients);
    if (qmail) {
      rcpts.add(qmailRecipient(ctx.env(), new DomainTable(home.virtualPopDomains(), 0)));
    }
    if (rcpts.isEmpty()) {
      throw AdminException.bad("no recipient: give user@domain, or --qmail-local under qmail-local");
    }
    String from = sender != null ? sender : ctx.env().getOrDefault("SENDER", "");
    Deliveries deliveries = Deliveries.create(home, config);
    IncomingMessage message;
    try (InputStream in = System.in) {
      message = deliveries.read(in, config.maxMessageSize());
    } catch (IOException e) {
      err.println(ctx.program() + ": cannot read the message: " + e.getMessage());
      return temporary();
    }
    boolean anyTemp = false;
    boolean anyPerm = false;
    for (String r : rcpts) {
      String address = r.startsWith("<") && r.endsWith(">") ? r.substring(1, r.length() - 1) : r;
      Status status;
      String detail;
      String file = null;
      switch (deliveries.resolve(address)) {
        case RecipientResolver.Resolved res -> {
          DeliveryAgent.Outcome o = deliveries.deliver(res, from, message);
          status = o.status();
          detail = o.detail();
          file = o.file();
        }
        case RecipientResolver.Refused ref -> {
          status = ref.status();
          detail = ref.detail();
        }
      }
      log.info("deliver from=<{}> to=<{}> size={} status=\"{}\"{}{}", from, address, message.size(), status.line(),
          file != null ? " file=" + file : "", detail != null ? " detail=\"" + detail + "\"" : "");
      if (!status.success()) {
        err.println(ctx.program() + ": " + status.line() + (status.temporary() && detail != null ? " (" + detail + ")" : ""));
        anyTemp |= status.temporary();
        anyPerm |= status.permanent();
      }
    }
    return anyTemp ? temporary() : anyPerm ? permanent() : 0;
  }

  /** The configuration file's [delivery] table with this command's options over it. */
  private DeliveryConfig settings(DeliveryConfig c) throws AdminException {
    try {
      long size = maxSize != null ? DeliveryConfig.parseSize(maxSize) : c.maxMessageSize();
      boolean temporary = c.quotaFullTemporary();
      if (quotaFull != null) {
        temporary = switch (quotaFull.toLowerCase(Locale.ROOT)) {
          case "permanent" -> false;
          case "temporary" -> true;
          default -> throw AdminException.bad("--quota-full: say permanent or temporary, not '" + quotaFull + "'");
        };
      }
      return new DeliveryConfig(size, separators != null ? separators : c.detailSeparators(), temporary,
          hostname != null ? hostname : c.hostname(), c.spoolThreshold(), c.spoolDir());
    } catch (IllegalArgumentException e) {
      throw AdminException.bad(e.getMessage());
    }
  }

  int temporary() {
    return sysexits ? 75 : 111;
  }

  int permanent() {
    return sysexits ? 67 : 100;
  }

  /**
   * The recipient of a message handed over by qmail-local through {@code ~alias/.qmail-vdom-default}:
   * control/virtualdomains turned {@code user@domain} into {@code alias-vdom-PREFIX-user@domain}, so
   * EXT2 is {@code PREFIX-user} and HOST the domain.
   */
  static String qmailRecipient(Map<String, String> env, DomainTable domains) throws AdminException {
    String host = env.get("HOST");
    String ext2 = env.get("EXT2");
    if (host == null || host.isEmpty() || ext2 == null || ext2.isEmpty()) {
      throw AdminException.bad("--qmail-local: HOST and EXT2 are not set (is this run by qmail-local from a .qmail-vdom-default?)");
    }
    String domainName = host.toLowerCase(Locale.ROOT);
    for (VirtualDomain d : domains.current().domains()) {
      if (d.domain().name().equals(domainName) && d.hasPrefix()) {
        String p = d.prefix() + "-";
        if (ext2.toLowerCase(Locale.ROOT).startsWith(p)) {
          return ext2.substring(p.length()) + "@" + domainName;
        }
      }
    }
    // A domain without a prefix match: the extension is the local part itself.
    return ext2 + "@" + domainName;
  }
}
