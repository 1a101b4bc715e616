package org.vqpop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every key of {@code vqpop.toml} with its value in a {@link VqpopConfig}, in the file's units
 * (seconds, milliseconds, octets), for {@code vqpop config dump}. The binder's own list of keys
 * ({@link ConfigLoader#knownKeys()}) is the authority; a test keeps the two equal.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /**
   * One key: its dotted path, and its value in a configuration as TOML writes it (a string, a
   * whole number, a boolean, a list of strings, or for {@code tls.sni} a list of tables); null
   * when unset (a key without a default).
   *
   * @param secret whether {@code config dump} masks the value (none of today's keys is)
   */
  public record Key(String path, Function<VqpopConfig, @Nullable Object> value, boolean secret) {
    Key(String path, Function<VqpopConfig, @Nullable Object> value) {
      this(path, value, false);
    }

    /** The table the key belongs to, "" for the top level. */
    public String table() {
      int dot = path.lastIndexOf('.');
      return dot < 0 ? "" : path.substring(0, dot);
    }

    /** The key within its table. */
    public String name() {
      return path.substring(path.lastIndexOf('.') + 1);
    }
  }

  public static final List<Key> ALL = List.of(
      new Key("mailhome", c -> str(c.mailhome())),
      new Key("qmail", c -> str(c.qmail())),
      new Key("pop_user", VqpopConfig::popUser),
      new Key("pop_home", c -> str(c.popHome())),
      new Key("pop3.listen", c -> addresses(c.pop3().listen())),
      new Key("pop3s.listen", c -> addresses(c.pop3s().listen())),
      new Key("lmtp.listen", c -> addresses(c.lmtp().listen())),
      new Key("lmtp.socket", c -> str(c.lmtp().socket())),
      new Key("lmtp.socket_mode", c -> LmtpConfig.octal(c.lmtp().socketMode())),
      new Key("lmtp.max_recipients", c -> (long) c.lmtp().maxRecipients()),
      new Key("lmtp.data_timeout_seconds", c -> c.lmtp().dataTimeout().toSeconds()),
      new Key("lmtp.data_min_rate", c -> c.lmtp().dataMinRate()),
      new Key("lmtp.received_header", c -> c.lmtp().receivedHeader()),
      new Key("delivery.max_message_size", c -> c.delivery().maxMessageSize()),
      new Key("delivery.detail_separators", c -> c.delivery().detailSeparators()),
      new Key("delivery.quota_full", c -> c.delivery().quotaFullTemporary() ? "temporary" : "permanent"),
      new Key("delivery.hostname", c -> c.delivery().hostname()),
      new Key("delivery.spool_threshold", c -> c.delivery().spoolThreshold()),
      new Key("delivery.spool_dir", c -> str(c.delivery().spoolDir())),
      new Key("tls.cert", c -> str(c.tls().cert())),
      new Key("tls.key", c -> str(c.tls().key())),
      new Key("tls.reload_seconds", c -> c.tls().reloadInterval().toSeconds()),
      new Key("tls.handshake_timeout_seconds", c -> c.tls().handshakeTimeout().toSeconds()),
      new Key("tls.protocols", c -> c.tls().protocols()),
      new Key("tls.ciphers", c -> c.tls().ciphers()),
      new Key("tls.sni", c -> sni(c.tls().sni())),
      new Key("login.allow_plaintext", c -> c.login().allowPlaintext()),
      new Key("login.use_domain", c -> c.login().useDomain()),
      new Key("login.use_prefix", c -> c.login().usePrefix()),
      new Key("login.at_sign", c -> String.valueOf(c.login().atSign())),
      new Key("login.system_accounts", c -> c.login().systemAccounts()),
      new Key("login.passwd_file", c -> str(c.login().passwdFile())),
      new Key("login.shadow_file", c -> str(c.login().shadowFile())),
      new Key("login.rpop_trusted_hosts", c -> c.login().rpopTrustedHosts().stream().sorted().toList()),
      new Key("login.cache_seconds", c -> c.login().cacheTtl().toSeconds()),
      new Key("login.cache_size", c -> (long) c.login().cacheSize()),
      new Key("login.max_concurrent_checks", c -> (long) c.login().maxConcurrentChecks()),
      new Key("login.queue_timeout_seconds", c -> c.login().queueTimeout().toSeconds()),
      new Key("login.account_failures", c -> (long) c.login().accountFailures()),
      new Key("login.account_failure_delay_ms", c -> c.login().accountFailureDelay().toMillis()),
      new Key("limits.idle_timeout_seconds", c -> c.limits().idleTimeout().toSeconds()),
      new Key("limits.login_timeout_seconds", c -> c.limits().loginTimeout().toSeconds()),
      new Key("limits.max_connections", c -> (long) c.limits().maxConnections()),
      new Key("limits.max_connections_per_ip", c -> (long) c.limits().maxConnectionsPerIp()),
      new Key("limits.ipv6_prefix", c -> (long) c.limits().ipv6Prefix()),
      new Key("limits.max_bad_commands", c -> (long) c.limits().maxBadCommands()),
      new Key("limits.login_failure_delay_ms", c -> millis(c.limits().loginFailureDelay())),
      new Key("passwords.scheme", c -> c.passwords().scheme()));

  private static @Nullable String str(@Nullable Path p) {
    return p == null ? null : p.toString();
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  private static List<String> addresses(List<ListenAddress> a) {
    return a.stream().map(ListenAddress::toString).toList();
  }

  private static List<Map<String, Object>> sni(List<TlsSettings.SniCertificate> sni) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TlsSettings.SniCertificate s : sni) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("names", s.names());
      t.put("cert", s.cert().toString());
      t.put("key", s.key().toString());
      out.add(t);
    }
    return out;
  }
}
