package org.vqpop.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigFile;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.mailhome.AdminException;
import org.vqpop.server.Limits;
import org.vqpop.server.ListenAddress;
import org.vqpop.server.LmtpConfig;
import org.vqpop.server.LoginSettings;
import org.vqpop.server.ServerAssembly;
import org.vqpop.server.ServerConfig;
import org.vqpop.server.ServerConfigBuilder;
import org.vqpop.server.tls.TlsException;
import org.vqpop.server.tls.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop serve}: the POP3 server (and LMTP, when asked for) in the foreground, logging to stderr, until SIGTERM or
 * SIGINT. Settings come from the configuration file; every key has an option here that
 * overrides it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {"Run the POP3 and LMTP server in the foreground (logs to stderr; stops on SIGTERM).",
        "Options override the configuration file (--config)."})
final class ServeCommand implements Callable<Integer> {
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
    ServerConfig config = config();
    ServerAssembly server = new ServerAssembly(config, ServerAssembly.backendsFor(config));
    start(server);
    AotCacheStatus.log();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(SHUTDOWN_GRACE), "shutdown"));
    // The JVM ends when the shutdown hook has run; returning from here would call System.exit,
    // which blocks while hooks run.
    forever.await();
    return 0;
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

  ServerConfig config() throws AdminException {
    ServerConfigBuilder b = new ServerConfigBuilder();
    Path file = root.home.config != null ? root.home.config
        : root.ctx.env().containsKey("VQPOP_CONFIG") ? Path.of(root.ctx.env().get("VQPOP_CONFIG")) : null;
    try {
      ConfigFile cf = ConfigFile.read(file != null ? file : ConfigFile.DEFAULT, file != null);
      if (cf != null) {
        cf.checkKeys(ConfigFile.KNOWN_KEYS);
        b.read(cf);
      }
    } catch (ConfigException e) {
      throw AdminException.bad(e.getMessage());
    }
    try {
      b.mailhome(root.ctx.mailHome(root.home).root());
      if (!pop3.isEmpty()) {
        b.pop3(pop3.stream().map(ListenAddress::parse).toList());
      }
      if (!pop3s.isEmpty()) {
        b.pop3s(pop3s.stream().map(ListenAddress::parse).toList());
      }
      LmtpConfig lc = b.lmtp();
      b.lmtp(new LmtpConfig(lmtp.isEmpty() ? lc.listen() : lmtp.stream().map(LmtpConfig::address).toList(),
          lmtpSocket != null ? lmtpSocket : lc.socket(),
          lmtpSocketMode != null ? LmtpConfig.mode(lmtpSocketMode) : lc.socketMode(),
          lmtpMaxRecipients != null ? lmtpMaxRecipients : lc.maxRecipients(), lc.data(), lc.receivedHeader()));
      DeliveryConfig dc = b.delivery();
      boolean temporary = dc.quotaFullTemporary();
      if (quotaFull != null) {
        temporary = switch (quotaFull) {
          case "permanent" -> false;
          case "temporary" -> true;
          default -> throw AdminException.bad("--quota-full: give permanent or temporary");
        };
      }
      b.delivery(new DeliveryConfig(
          maxMessageSize != null ? DeliveryConfig.parseSize(maxMessageSize) : dc.maxMessageSize(),
          detailSeparators != null ? detailSeparators : dc.detailSeparators(), temporary,
          deliveryHostname != null ? deliveryHostname : dc.hostname(), dc.spoolThreshold(), dc.spoolDir()));
      if (tlsCert != null || tlsKey != null) {
        if (tlsCert == null || tlsKey == null) {
          throw AdminException.bad("--tls-cert and --tls-key go together");
        }
        b.certificate(tlsCert, tlsKey);
      }
      for (String sni : tlsSni) {
        String[] f = sni.split(":", 3);
        if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty() || f[2].isEmpty()) {
          throw AdminException.bad("--tls-sni " + sni + ": give NAMES:CERT:KEY, e.g. mail.acme.com,pop.acme.com:acme.pem:acme.key");
        }
        b.sni(new TlsSettings.SniCertificate(List.of(f[0].split(",")), Path.of(f[1]), Path.of(f[2])));
      }
      if (tlsReload != null) {
        b.reload(Duration.ofSeconds(tlsReload));
      }
      LoginSettings l = b.login();
      b.login(new LoginSettings(allowPlaintext || l.allowPlaintext(), useDomain || l.useDomain(),
          usePrefix || l.usePrefix(), atSign != null ? atSign : l.atSign()));
      Limits m = b.limits();
      b.limits(new Limits(idle != null ? Duration.ofSeconds(idle) : m.idleTimeout(),
          maxConnections != null ? maxConnections : m.maxConnections(),
          maxPerIp != null ? maxPerIp : m.maxConnectionsPerIp(),
          maxBad != null ? maxBad : m.maxBadCommands(),
          delay != null ? Duration.ofMillis(delay) : m.loginFailureDelay(),
          loginTimeout != null ? Duration.ofSeconds(loginTimeout) : m.loginTimeout(),
          handshakeTimeout != null ? Duration.ofSeconds(handshakeTimeout) : m.handshakeTimeout(),
          ipv6Prefix != null ? ipv6Prefix : m.ipv6Prefix()));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw AdminException.bad(e.getMessage());
    }
  }
}
