package org.vqpop.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigFile;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.lmtp.DataPace;
import org.vqpop.mailhome.MailHome;
import org.vqpop.server.tls.TlsSettings;

/**
 * Collects server settings from the configuration file, then from the command line (which
 * overrides the file), and validates them once in {@link #build()}. Every key of the file names
 * itself in the error when its value is wrong; unknown keys are refused by {@link
 * ConfigFile#checkKeys}.
 */
public final class ServerConfigBuilder {
  private @Nullable Path mailhome;
  private List<ListenAddress> pop3 = new ArrayList<>();
  private List<ListenAddress> pop3s = new ArrayList<>();
  private @Nullable Path cert;
  private @Nullable Path key;
  private final List<TlsSettings.SniCertificate> sni = new ArrayList<>();
  private Duration reload = TlsSettings.DEFAULT_RELOAD;
  private List<String> tlsProtocols = TlsSettings.DEFAULT_PROTOCOLS;
  private List<String> tlsCiphers = TlsSettings.DEFAULT_CIPHERS;
  private LoginSettings login = LoginSettings.DEFAULTS;
  private org.vqpop.login.LoginSettings sources = org.vqpop.login.LoginSettings.DEFAULTS;
  private Limits limits = Limits.DEFAULTS;
  private LmtpConfig lmtp = LmtpConfig.OFF;
  private DeliveryConfig delivery = DeliveryConfig.DEFAULTS;

  /** Reads the server's keys from {@code file}, which must already have passed {@code checkKeys}. */
  public ServerConfigBuilder read(ConfigFile file) throws ConfigException {
    Path m = file.path("mailhome");
    if (m != null) {
      mailhome = m;
    }
    List<String> l = file.strings("pop3.listen");
    if (l != null) {
      pop3 = addresses(file, "pop3.listen", l);
    }
    l = file.strings("pop3s.listen");
    if (l != null) {
      pop3s = addresses(file, "pop3s.listen", l);
    }
    l = file.strings("lmtp.listen");
    List<ListenAddress> lmtpListen = lmtp.listen();
    if (l != null) {
      lmtpListen = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        try {
          lmtpListen.add(LmtpConfig.address(l.get(i)));
        } catch (IllegalArgumentException e) {
          throw file.invalid("lmtp.listen[" + i + "]", e.getMessage());
        }
      }
    }
    Path socket = file.path("lmtp.socket");
    String mode = file.string("lmtp.socket_mode");
    Long rcpts = positive(file, "lmtp.max_recipients");
    Long dataTimeout = positive(file, "lmtp.data_timeout_seconds");
    Long minRate = file.integer("lmtp.data_min_rate");
    if (minRate != null && minRate < 0) {
      throw file.invalid("lmtp.data_min_rate", "must be 0 (no minimum) or a number of octets per second");
    }
    Boolean received = file.bool("lmtp.received_header");
    DataPace.Limits data = lmtp.data();
    data = new DataPace.Limits(dataTimeout != null ? Duration.ofSeconds(dataTimeout) : data.timeout(),
        minRate != null ? minRate : data.minRate(), data.grace());
    try {
      lmtp = new LmtpConfig(lmtpListen, socket != null ? socket : lmtp.socket(),
          mode != null ? LmtpConfig.mode(mode) : lmtp.socketMode(),
          rcpts != null ? Math.toIntExact(rcpts) : lmtp.maxRecipients(), data,
          received != null ? received : lmtp.receivedHeader());
    } catch (IllegalArgumentException e) {
      throw file.invalid(mode != null ? "lmtp.socket_mode" : "lmtp", e.getMessage());
    }
    delivery = file.delivery();
    Path c = file.path("tls.cert");
    if (c != null) {
      cert = c;
    }
    Path k = file.path("tls.key");
    if (k != null) {
      key = k;
    }
    Long r = file.integer("tls.reload_seconds");
    if (r != null) {
      if (r < 0) {
        throw file.invalid("tls.reload_seconds", "must not be negative");
      }
      reload = Duration.ofSeconds(r);
    }
    List<String> protocols = file.strings("tls.protocols");
    if (protocols != null) {
      try {
        tlsProtocols = TlsSettings.checkProtocols(protocols);
      } catch (IllegalArgumentException e) {
        throw file.invalid("tls.protocols", e.getMessage());
      }
    }
    List<String> ciphers = file.strings("tls.ciphers");
    if (ciphers != null) {
      try {
        tlsCiphers = TlsSettings.checkCiphers(tlsProtocols, ciphers);
      } catch (IllegalArgumentException e) {
        throw file.invalid("tls.ciphers", e.getMessage());
      }
    }
    int n = file.tableCount("tls.sni");
    for (int i = 0; i < n; i++) {
      String at = "tls.sni[" + i + "]";
      List<String> names = file.strings(at + ".names");
      Path sc = file.path(at + ".cert");
      Path sk = file.path(at + ".key");
      if (names == null || sc == null || sk == null) {
        throw file.invalid(at, "needs names, cert and key");
      }
      try {
        sni.add(new TlsSettings.SniCertificate(names, sc, sk));
      } catch (IllegalArgumentException e) {
        throw file.invalid(at + ".names", e.getMessage());
      }
    }
    sources = org.vqpop.login.LoginSettings.from(file.login());
    Boolean plain = file.bool("login.allow_plaintext");
    login = new LoginSettings(plain != null ? plain : login.allowPlaintext(), sources.useDomain(), sources.usePrefix(),
        String.valueOf(sources.atSign()));
    Limits d = limits;
    Long idle = positive(file, "limits.idle_timeout_seconds");
    Long max = positive(file, "limits.max_connections");
    Long perIp = positive(file, "limits.max_connections_per_ip");
    Long bad = positive(file, "limits.max_bad_commands");
    Long loginTimeout = positive(file, "limits.login_timeout_seconds");
    Long handshake = positive(file, "tls.handshake_timeout_seconds");
    Long prefix = file.integer("limits.ipv6_prefix");
    if (prefix != null && (prefix < 1 || prefix > 128)) {
      throw file.invalid("limits.ipv6_prefix", "must be between 1 and 128");
    }
    Long delay = file.integer("limits.login_failure_delay_ms");
    if (delay != null && (delay < 0 || delay > Limits.MAX_LOGIN_FAILURE_DELAY.toMillis())) {
      throw file.invalid("limits.login_failure_delay_ms",
          "must be between 0 and " + Limits.MAX_LOGIN_FAILURE_DELAY.toMillis());
    }
    limits = new Limits(
        idle != null ? Duration.ofSeconds(idle) : d.idleTimeout(),
        max != null ? Math.toIntExact(max) : d.maxConnections(),
        perIp != null ? Math.toIntExact(perIp) : d.maxConnectionsPerIp(),
        bad != null ? Math.toIntExact(bad) : d.maxBadCommands(),
        delay != null ? Duration.ofMillis(delay) : d.loginFailureDelay(),
        loginTimeout != null ? Duration.ofSeconds(loginTimeout) : d.loginTimeout(),
        handshake != null ? Duration.ofSeconds(handshake) : d.handshakeTimeout(),
        prefix != null ? Math.toIntExact(prefix) : d.ipv6Prefix());
    return this;
  }

  private static @Nullable Long positive(ConfigFile file, String key) throws ConfigException {
    Long v = file.integer(key);
    if (v != null && (v < 1 || v > Integer.MAX_VALUE)) {
      throw file.invalid(key, "must be a positive whole number");
    }
    return v;
  }

  private static List<ListenAddress> addresses(ConfigFile file, String key, List<String> values)
      throws ConfigException {
    List<ListenAddress> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        out.add(ListenAddress.parse(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw file.invalid(key + "[" + i + "]", e.getMessage());
      }
    }
    return out;
  }

  // ---- command-line overrides: each replaces what the file said

  public ServerConfigBuilder mailhome(Path p) {
    mailhome = p;
    return this;
  }

  public ServerConfigBuilder pop3(List<ListenAddress> a) {
    pop3 = new ArrayList<>(a);
    return this;
  }

  public ServerConfigBuilder pop3s(List<ListenAddress> a) {
    pop3s = new ArrayList<>(a);
    return this;
  }

  public ServerConfigBuilder certificate(Path certFile, Path keyFile) {
    cert = certFile;
    key = keyFile;
    return this;
  }

  public ServerConfigBuilder sni(TlsSettings.SniCertificate s) {
    sni.add(s);
    return this;
  }

  public ServerConfigBuilder reload(Duration interval) {
    reload = interval;
    return this;
  }

  /** The TLS versions and cipher suites offered (tls.protocols, tls.ciphers). */
  public ServerConfigBuilder tlsSuites(List<String> protocols, List<String> ciphers) {
    tlsProtocols = List.copyOf(protocols);
    tlsCiphers = List.copyOf(ciphers);
    return this;
  }

  public ServerConfigBuilder login(LoginSettings l) {
    login = l;
    return this;
  }

  public LoginSettings login() {
    return login;
  }

  public ServerConfigBuilder limits(Limits l) {
    limits = l;
    return this;
  }

  public Limits limits() {
    return limits;
  }

  public LmtpConfig lmtp() {
    return lmtp;
  }

  public ServerConfigBuilder lmtp(LmtpConfig l) {
    lmtp = l;
    return this;
  }

  public DeliveryConfig delivery() {
    return delivery;
  }

  public ServerConfigBuilder delivery(DeliveryConfig d) {
    delivery = d;
    return this;
  }

  /** Validates everything; the message of the exception says what is missing or wrong. */
  public ServerConfig build() {
    TlsSettings tls = null;
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("TLS needs both a certificate and a key (tls.cert and tls.key)");
      }
      tls = new TlsSettings(cert, key, sni, reload, tlsProtocols, tlsCiphers);
    } else if (!sni.isEmpty()) {
      throw new IllegalArgumentException("tls.sni needs a default certificate too (tls.cert and tls.key)");
    }
    return new ServerConfig(mailhome != null ? mailhome : MailHome.DEFAULT_ROOT, pop3, pop3s, tls, login, limits, sources,
        lmtp, delivery);
  }
}
