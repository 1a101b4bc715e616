package org.vqpop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.Configuration;
import org.vqpop.config.VqpopConfig;
import org.vqpop.mailhome.AdminException;
import org.vqpop.server.ServerAssembly;
import org.vqpop.server.tls.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop serve}: the POP3 server (and LMTP, when asked for) in the foreground, logging to stderr, until SIGTERM or
 * SIGINT. Settings come from the configuration file, the environment and the options here, each
 * over the one before. SIGHUP reads them again and applies what can change while running ({@link
 * ServerAssembly#reload}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {"Run the POP3 and LMTP server in the foreground (logs to stderr; stops on SIGTERM).",
        "Options override the configuration file (--config). SIGHUP reads the configuration again and applies",
        "what can change without a restart (limits, delays, [login], [tls]); the rest is logged as needing a restart."})
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  /** How long sessions get to finish on SIGTERM before they are closed (deleting nothing). */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  @ParentCommand VqpopCommand root;

  @Option(names = "--pop3", paramLabel = "ADDR:PORT", description = "Listen for POP3 (pop3.listen); repeatable.")
  List<String> pop3 = new ArrayList<>();

  @Option(names = "--pop3s", paramLabel = "ADDR:PORT", description = "Listen for POP3 over TLS (pop3s.listen); repeatable.")
  List<String> pop3s = new ArrayList<>();

  @Option(names = "--lmtp", paramLabel = "ADDR:PORT",
      description = "Listen for LMTP (lmtp.listen); a bare PORT means 127.0.0.1:PORT; repeatable.")
  List<String> lmtp = new ArrayList<>();

  @Option(names = "--lmtp-socket", paramLabel = "PATH", description = "Listen for LMTP on a unix socket (lmtp.socket).")
  @Nullable Path lmtpSocket;

  @Option(names = "--lmtp-socket-mode", paramLabel = "MODE", description = "The socket's permissions (lmtp.socket_mode, default 0660).")
  @Nullable String lmtpSocketMode;

  @Option(names = "--lmtp-max-recipients", paramLabel = "N", description = "lmtp.max_recipients (default 1000).")
  @Nullable Integer lmtpMaxRecipients;

  @Option(names = "--max-message-size", paramLabel = "SIZE", description = "delivery.max_message_size, e.g. 50M (the default).")
  @Nullable String maxMessageSize;

  @Option(names = "--detail-separators", paramLabel = "CHARS", description = "delivery.detail_separators (default +-).")
  @Nullable String detailSeparators;

  @Option(names = "--quota-full", paramLabel = "permanent|temporary",
      description = "A full mailbox: 552 5.2.2 (permanent, the default) or 452 4.2.2 (delivery.quota_full).")
  @Nullable String quotaFull;

  @Option(names = "--delivery-hostname", paramLabel = "NAME", description = "delivery.hostname, for Maildir file names.")
  @Nullable String deliveryHostname;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (tls.cert).")
  @Nullable Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (tls.key).")
  @Nullable Path tlsKey;

  @Option(names = "--tls-sni", paramLabel = "NAMES:CERT:KEY",
      description = "Another certificate, for the comma-separated SNI names ([[tls.sni]]); repeatable.")
  List<String> tlsSni = new ArrayList<>();

  @Option(names = "--tls-reload-seconds", paramLabel = "N", description = "Check certificate files every N s; 0 never (tls.reload_seconds).")
  @Nullable Long tlsReload;

  @Option(names = "--allow-plaintext", description = "Allow USER/PASS without TLS from other hosts (login.allow_plaintext).")
  boolean allowPlaintext;

  @Option(names = "--use-domain", description = "user@domain names the domain (the seed's $use_domain).")
  boolean useDomain;

  @Option(names = "--use-prefix", description = "prefix-user names the domain (the seed's $use_prefix).")
  boolean usePrefix;

  @Option(names = "--at-sign", paramLabel = "CHAR", description = "The separator for --use-domain, e.g. %% (the seed's $at_sign).")
  @Nullable String atSign;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "limits.idle_timeout_seconds (default 600, RFC 1939).")
  @Nullable Long idle;

  @Option(names = "--max-connections", paramLabel = "N", description = "limits.max_connections (default 1000).")
  @Nullable Integer maxConnections;

  @Option(names = "--max-connections-per-ip", paramLabel = "N", description = "limits.max_connections_per_ip (default 20).")
  @Nullable Integer maxPerIp;

  @Option(names = "--max-bad-commands", paramLabel = "N", description = "limits.max_bad_commands: bad commands in a row (default 20).")
  @Nullable Integer maxBad;

  @Option(names = "--login-failure-delay-ms", paramLabel = "MS", description = "limits.login_failure_delay_ms (default 1000).")
  @Nullable Long delay;

  @Option(names = "--login-timeout", paramLabel = "SECONDS",
      description = "limits.login_timeout_seconds: from connecting to a login, in all (default 60).")
  @Nullable Long loginTimeout;

  @Option(names = "--tls-handshake-timeout", paramLabel = "SECONDS",
      description = "tls.handshake_timeout_seconds: a TLS handshake, in all (default 30).")
  @Nullable Long handshakeTimeout;

  @Option(names = "--ipv6-prefix", paramLabel = "BITS",
      description = "limits.ipv6_prefix: IPv6 clients are counted per prefix of this length (default 64).")
  @Nullable Integer ipv6Prefix;

  @Option(names = "--aot-training", paramLabel = "DIR", hidden = true,
      description = "Run the AOT cache's training workload on a scratch mail home in DIR instead of serving (bin/vqpop aot).")
  @Nullable Path aotTraining;

  @Option(names = "--aot-training-seconds", paramLabel = "N", hidden = true, defaultValue = "10",
      description = "How long the training workload runs (at least 20 rounds).")
  long aotTrainingSeconds;

  @Override
  public Integer call() throws Exception {
    if (aotTraining != null) {
      try {
        return AotTraining.serve(aotTraining, Duration.ofSeconds(aotTrainingSeconds), System.err);
      } catch (AotTraining.TrainingFailed e) {
        System.err.println("vqpop aot: serve training failed: " + e.getMessage());
        return Launcher.EXIT_TEMP;
      }
    }
    VqpopConfig config = config();
    List<String> problems = config.serveProblems();
    if (!problems.isEmpty()) {
      throw AdminException.bad(String.join("; ", problems));
    }
    ServerAssembly server = new ServerAssembly(config);
    start(server);
    AotCacheStatus.log();
    onHangup(() -> reload(server));
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(SHUTDOWN_GRACE), "shutdown"));
    // The JVM ends when the shutdown hook has run; returning from here would call System.exit,
    // which blocks while hooks run.
    forever.await();
    return 0;
  }

  /**
   * Reads the configuration again, as at start (the file, the environment, this command's
   * options), and applies what can change while running; a configuration with problems is logged
   * and changes nothing.
   */
  void reload(ServerAssembly server) {
    log.info("SIGHUP: reading the configuration again");
    VqpopConfig next;
    try {
      next = config();
    } catch (AdminException e) {
      for (String line : String.valueOf(e.getMessage()).split("\n")) {
        log.warn("reload refused: {}", line);
      }
      log.warn("reload refused: the running configuration stays");
      return;
    }
    server.reload(next);
  }

  /**
   * Runs {@code action} on a thread of its own at each SIGHUP. {@code sun.misc.Signal} (module
   * jdk.unsupported) is the only way the JDK offers; without it, the JVM's own SIGHUP handling
   * (run the shutdown hooks, exit) would stop the server.
   */
  static void onHangup(Runnable action) {
    sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> Thread.ofPlatform().name("reload").start(action));
  }

  static void start(ServerAssembly server) throws AdminException {
    try {
      server.start();
    } catch (TlsException e) {
      throw AdminException.bad(e.getMessage());
    } catch (IOException e) {
      throw new AdminException(AdminException.Kind.TEMPORARY, e.getMessage(), e);
    }
  }

  /** The configuration: the file, the environment and the options, each over the one before. */
  VqpopConfig config() throws AdminException {
    return configuration().config();
  }

  Configuration configuration() throws AdminException {
    for (String sni : tlsSni) {
      String[] f = sni.split(":", 3);
      if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty() || f[2].isEmpty()) {
        throw AdminException.bad("--tls-sni " + sni + ": give NAMES:CERT:KEY, e.g. mail.acme.com,pop.acme.com:acme.pem:acme.key");
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw AdminException.bad("--tls-cert and --tls-key go together");
    }
    return root.ctx.configuration(root.home, this::options);
  }

  /** This command's options over the lower layers; each names its key. */
  void options(ConfigLoader l) {
    ConfigLoader.Origin o = ConfigLoader.Origin.OPTION;
    l.set("pop3.listen", pop3.isEmpty() ? null : pop3, o, "--pop3");
    l.set("pop3s.listen", pop3s.isEmpty() ? null : pop3s, o, "--pop3s");
    l.set("lmtp.listen", lmtp.isEmpty() ? null : lmtp, o, "--lmtp");
    l.set("lmtp.socket", lmtpSocket, o, "--lmtp-socket");
    l.set("lmtp.socket_mode", lmtpSocketMode, o, "--lmtp-socket-mode");
    l.set("lmtp.max_recipients", lmtpMaxRecipients, o, "--lmtp-max-recipients");
    l.set("delivery.max_message_size", maxMessageSize, o, "--max-message-size");
    l.set("delivery.detail_separators", detailSeparators, o, "--detail-separators");
    l.set("delivery.quota_full", quotaFull, o, "--quota-full");
    l.set("delivery.hostname", deliveryHostname, o, "--delivery-hostname");
    l.set("tls.cert", tlsCert, o, "--tls-cert");
    l.set("tls.key", tlsKey, o, "--tls-key");
    for (String sni : tlsSni) {
      String[] f = sni.split(":", 3);
      l.addTable("tls.sni", Map.of("names", List.of(f[0].split(",")), "cert", f[1], "key", f[2]), o, "--tls-sni");
    }
    l.set("tls.reload_seconds", tlsReload, o, "--tls-reload-seconds");
    l.set("tls.handshake_timeout_seconds", handshakeTimeout, o, "--tls-handshake-timeout");
    // A flag can only turn a setting on: without it, the file's value stands.
    l.set("login.allow_plaintext", allowPlaintext ? true : null, o, "--allow-plaintext");
    l.set("login.use_domain", useDomain ? true : null, o, "--use-domain");
    l.set("login.use_prefix", usePrefix ? true : null, o, "--use-prefix");
    l.set("login.at_sign", atSign, o, "--at-sign");
    l.set("limits.idle_timeout_seconds", idle, o, "--idle-timeout");
    l.set("limits.max_connections", maxConnections, o, "--max-connections");
    l.set("limits.max_connections_per_ip", maxPerIp, o, "--max-connections-per-ip");
    l.set("limits.max_bad_commands", maxBad, o, "--max-bad-commands");
    l.set("limits.login_failure_delay_ms", delay, o, "--login-failure-delay-ms");
    l.set("limits.login_timeout_seconds", loginTimeout, o, "--login-timeout");
    l.set("limits.ipv6_prefix", ipv6Prefix, o, "--ipv6-prefix");
  }
}
