package org.vqpop.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.cli.common.Context;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.config.VqpopConfig;
import org.vqpop.delivery.Deliveries;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.DeliveryTrace;
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
 * temporary failure, or with {@code --sysexits} those of {@code sysexits.h}: 0, 67 (EX_NOUSER) for
 * an unknown recipient, 69 (EX_UNAVAILABLE) for other permanent failures, 75 (EX_TEMPFAIL). Every
 * problem that is not about the message or its recipient (a bad option, an unreadable file, a
 * mail home that is not there) is temporary, so that the MTA keeps the mail until an administrator
 * fixes it.
 *
 * <p>Each failure prints exactly one line on standard error and nothing else is printed (logging
 * is off): the MTA puts that output into its log and its bounce. With {@code --sysexits} the line
 * starts with the RFC 3463 enhanced status code ({@code 5.2.2 <joe@acme.com> mailbox full}),
 * which Postfix's pipe(8) takes over the exit status for the DSN; without, it is {@code vqpop: 552
 * 5.2.2 <joe@acme.com> mailbox full}, as qmail-local shows a program's output.
 *
 * <p>The MTA's own {@code Return-Path:} and {@code Delivered-To:} on top of the message (Postfix's
 * {@code flags=DR}) are replaced by vqpop's, and a loop is a {@code Delivered-To:} for the
 * recipient anywhere else in the header: see {@link DeliveryTrace}.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
      "Deliver the message on standard input to virtual users' Maildirs.",
      "Exit 0 delivered, 100 permanent failure, 111 temporary failure (qmail-local's convention);",
      "with --sysexits 0, 67 (EX_NOUSER), 69 (EX_UNAVAILABLE) and 75 (EX_TEMPFAIL), for Postfix's pipe,",
      "and each failure's line on standard error starts with its enhanced status code (5.2.2 ...).",
      "With several recipients: temporary if any failed temporarily, else permanent if any failed, else 0;",
      "give one recipient per run when the MTA can (Postfix: DEST_destination_recipient_limit = 1).",
      "A Return-Path and a Delivered-To for the recipient that the MTA put on top (Postfix's flags=DR)",
      "are replaced by vqpop's own; any other Delivered-To for the recipient is a loop (5.4.6)."})
final class DeliverCommand implements Callable<Integer> {
  @ParentCommand VqpopCommand root;

  @Option(names = "-f", paramLabel = "SENDER",
      description = "The envelope sender, for Return-Path (default: env SENDER, as qmail-local sets it; else the "
          + "Return-Path the MTA put on top; else empty).")
  @Nullable String sender;

  @Option(names = "--sysexits",
      description = "Exit 0, 67, 69 or 75 (sysexits.h) instead of 0, 100 or 111; failure lines start with the enhanced status code.")
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
    silenceLogging();
    Context ctx = root.ctx;
    PrintStream err = System.err;
    VqpopConfig all = ctx.configuration(root.home, this::options).config();
    MailHome home = ctx.mailHome(all);
    DeliveryConfig config = all.delivery();
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
    Deliveries deliveries = Deliveries.create(home, config);
    IncomingMessage message;
    try (InputStream in = System.in) {
      message = deliveries.read(in, config.maxMessageSize());
    } catch (IOException e) {
      err.println(line(new Status(451, "4.3.0", "cannot read the message: " + e.getMessage()), null));
      return exitCode(List.of(new Status(451, "4.3.0", "")));
    }
    DeliveryTrace trace = DeliveryTrace.of(message);
    String from = sender != null ? sender : ctx.env().get("SENDER");
    if (from == null) {
      from = Objects.requireNonNullElse(trace.returnPath(), "");
    }
    List<Status> failures = new ArrayList<>();
    for (String r : rcpts) {
      String address = r.startsWith("<") && r.endsWith(">") ? r.substring(1, r.length() - 1) : r;
      Status status;
      String detail;
      switch (deliveries.resolve(address)) {
        case RecipientResolver.Resolved res -> {
          DeliveryAgent.Outcome o = deliveries.deliver(res, from, message, trace.verdict(address, res.mailbox()));
          status = o.status();
          detail = o.detail();
        }
        case RecipientResolver.Refused ref -> {
          status = ref.status();
          detail = ref.detail();
        }
      }
      if (!status.success()) {
        err.println(line(status, detail));
        failures.add(status);
      }
    }
    return exitCode(failures);
  }

  /**
   * A delivery agent's standard error is the MTA's log line and bounce text: nothing may come
   * before or between its own lines, such as a log line about an unreadable {@code
   * virtualpopdomains} (which the failure's line names anyway).
   */
  static void silenceLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext lc) {
      lc.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }
  }

  /**
   * The line a failure prints. With {@code --sysexits} it starts with the enhanced status code,
   * which Postfix's pipe(8) takes for the DSN (a full mailbox must not bounce as "user unknown");
   * otherwise {@code vqpop: 552 5.2.2 ...}. A temporary failure says why, for the administrator
   * reading the MTA's log; a permanent one does not (it goes to the sender).
   */
  String line(Status status, @Nullable String detail) {
    String why = status.temporary() && detail != null ? " (" + detail + ")" : "";
    return oneLine(sysexits ? status.enhanced() + " " + status.text() + why : root.ctx.program() + ": " + status.line() + why);
  }

  /** {@code s} with any line break (from an address or an error message) made a space. */
  static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  /**
   * The exit code for these failures: 0 for none; temporary if any is (111, or 75 EX_TEMPFAIL);
   * else 100, or with {@code --sysexits} the first failure's: 67 EX_NOUSER for an unknown address
   * (5.1.x), 69 EX_UNAVAILABLE for any other (not 73 EX_CANTCREAT for a full mailbox: Exim's pipe
   * takes 73 for temporary).
   */
  int exitCode(List<Status> failures) {
    if (failures.isEmpty()) {
      return 0;
    }
    if (failures.stream().anyMatch(Status::temporary)) {
      return temporary();
    }
    if (!sysexits) {
      return 100;
    }
    return failures.get(0).enhanced().startsWith("5.1.") ? 67 : 69;
  }

  /**
   * The one line for a problem with the command line or the configuration, which fails before any
   * recipient is tried: temporary, so that the MTA keeps the mail ({@code 4.3.5} with {@code
   * --sysexits}).
   */
  static String configurationLine(String program, boolean sysexits, String message) {
    return oneLine((sysexits ? "4.3.5 " : "") + program + ": " + message);
  }

  /** This command's options over the lower layers (the file's [delivery] table). */
  void options(ConfigLoader l) {
    ConfigLoader.Origin o = ConfigLoader.Origin.OPTION;
    l.set("delivery.max_message_size", maxSize, o, "--max-message-size");
    l.set("delivery.detail_separators", separators, o, "--detail-separators");
    l.set("delivery.quota_full", quotaFull, o, "--quota-full");
    l.set("delivery.hostname", hostname, o, "--hostname");
  }

  int temporary() {
    return sysexits ? 75 : 111;
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
