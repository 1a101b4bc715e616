package org.vqpop.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.config.ConfigKeys;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.LmtpConfig;
import org.vqpop.config.VqpopConfig;
import org.vqpop.delivery.Deliveries;
import org.vqpop.delivery.Spool;
import org.vqpop.lmtp.DataPace;
import org.vqpop.lmtp.LmtpSettings;
import org.vqpop.login.VirtualPopBackendFactory;
import org.vqpop.mailhome.MailHome;
import org.vqpop.net.SystemHostAddresses;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.server.net.ConnectionHandler;
import org.vqpop.server.net.ConnectionLimits;
import org.vqpop.server.net.Listener;
import org.vqpop.server.net.UnixListener;
import org.vqpop.server.lmtp.LmtpService;
import org.vqpop.server.pop3.Pop3Service;
import org.vqpop.server.tls.TlsContext;
import org.vqpop.server.tls.TlsException;

/**
 * The server's object graph, built by hand from a {@link VqpopConfig}: TLS, the POP3 service,
 * the LMTP service, the connection limits and one {@link Listener} per address (and a {@link
 * UnixListener} for LMTP's unix socket).
 *
 * <p>Lifecycle: {@link #start()} loads the certificates, binds every address (all or nothing)
 * and begins accepting; {@link #stop(Duration)} stops accepting, gives open sessions some time to
 * end and then closes them (a session closed that way deletes nothing). Not restartable.
 *
 * <p>The login backend comes in as a {@link Pop3BackendFactory}; {@link #backendsFor} is the one
 * place that chooses it for {@code vqpop serve}.
 */
public final class ServerAssembly implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerAssembly.class);

  /** What runs: the configuration last applied, with the tables that need a restart as started. */
  private VqpopConfig config;
  private final Function<VqpopConfig, Pop3BackendFactory> backendsFor;
  private final SwappableBackends backends;
  private @Nullable Pop3Service pop3Service;
  private @Nullable ConnectionLimits pop3Limits;
  private final Predicate<InetAddress> localPeers;
  private final List<Listener> pop3 = new ArrayList<>();
  private final List<Listener> pop3s = new ArrayList<>();
  private final List<Listener> lmtp = new ArrayList<>();
  private @Nullable UnixListener lmtpSocket;
  private @Nullable LmtpService lmtpService;
  private @Nullable TlsContext tls;
  private boolean started;
  private Duration dataGrace = DataPace.Limits.DEFAULTS.grace();

  /**
   * The server of {@code vqpop serve}: the login backend of {@link #backendsFor}, rebuilt by
   * {@link #reload} when the {@code [login]} table changes.
   */
  public ServerAssembly(VqpopConfig config) {
    this(config, InetAddress::isLoopbackAddress);
  }

  /** As {@link #ServerAssembly(VqpopConfig)}, with {@code localPeers} as below. */
  public ServerAssembly(VqpopConfig config, Predicate<InetAddress> localPeers) {
    this(config, (Function<VqpopConfig, Pop3BackendFactory>) ServerAssembly::backendsFor, localPeers);
  }

  /** With plaintext logins allowed from loopback addresses (besides TLS and the config). */
  public ServerAssembly(VqpopConfig config, Pop3BackendFactory backends) {
    this(config, backends, InetAddress::isLoopbackAddress);
  }

  /**
   * @param localPeers which client addresses count as local for plaintext logins; tests pass
   *     {@code a -> false} to see what a client on another host sees
   */
  public ServerAssembly(VqpopConfig config, Pop3BackendFactory backends, Predicate<InetAddress> localPeers) {
    this(config, (Function<VqpopConfig, Pop3BackendFactory>) c -> backends, localPeers);
  }

  private ServerAssembly(VqpopConfig config, Function<VqpopConfig, Pop3BackendFactory> backendsFor,
      Predicate<InetAddress> localPeers) {
    List<String> problems = config.serveProblems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    this.config = config;
    this.backendsFor = backendsFor;
    this.backends = new SwappableBackends(backendsFor.apply(config));
    this.localPeers = localPeers;
  }

  /** The login backend in use; {@link #reload} may replace it, each connection keeps the one it started with. */
  private static final class SwappableBackends implements Pop3BackendFactory {
    private volatile Pop3BackendFactory current;

    SwappableBackends(Pop3BackendFactory first) {
      current = first;
    }

    @Override
    public org.vqpop.pop3.Pop3Backend forConnection(org.vqpop.pop3.ConnectionInfo connection) {
      return current.forConnection(connection);
    }

    @Override
    public void prepare() throws IOException {
      current.prepare();
    }
  }

  /**
   * The login backend for {@code vqpop serve}: domain selection (user@domain, prefix-user, SNI,
   * the local address, the first domain), the user databases (followed without a restart) and the
   * seed's login chain, as chkpoppass uses them.
   */
  public static Pop3BackendFactory backendsFor(VqpopConfig config) {
    // One per configuration: a reload that changes [login] builds a new one (new cache, new counts).
    return VirtualPopBackendFactory.create(mailHome(config), config.login(), new SystemHostAddresses(Duration.ofMinutes(5)));
  }

  private static MailHome mailHome(VqpopConfig config) {
    return new MailHome(config.mailhome(), config.qmail(), config.popUser(), config.popHome(), PasswdFile.SYSTEM);
  }

  public synchronized void start() throws IOException, TlsException {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    Limits l = config.limits();
    if (!config.pop3().listen().isEmpty() || !config.pop3s().listen().isEmpty()) {
      backends.prepare(); // e.g. the mail home's maildrop lock table: a failure stops the start
    }
    if (config.tls().enabled()) {
      tls = TlsContext.load(config.tls());
    }
    Pop3Service service = new Pop3Service(backends, tls, pop3Settings(config));
    ConnectionLimits limits = new ConnectionLimits(l.maxConnections(), l.maxConnectionsPerIp(), l.ipv6Prefix());
    pop3Service = service;
    pop3Limits = limits;
    try {
      for (ListenAddress a : config.pop3().listen()) {
        pop3.add(bind("pop3", a, limits, Pop3Service.REFUSAL, service.plain()));
      }
      for (ListenAddress a : config.pop3s().listen()) {
        // Over the limit on POP3S: closed before the handshake, so no readable refusal.
        pop3s.add(bind("pop3s", a, limits, null, service.implicitTls()));
      }
      if (config.lmtp().enabled()) {
        startLmtp(l);
      }
    } catch (IOException e) {
      listeners().forEach(Listener::close);
      if (lmtpSocket != null) {
        lmtpSocket.close();
      }
      if (tls != null) {
        tls.close();
      }
      throw e;
    }
    if (tls != null) {
      tls.startReloading();
    }
    for (Listener li : listeners()) {
      li.start();
      log.info("listening {}", li.name());
    }
    if (lmtpSocket != null) {
      lmtpSocket.start();
      log.info("listening {}", lmtpSocket.name());
    }
  }

  private Pop3Service.Settings pop3Settings(VqpopConfig c) {
    Limits l = c.limits();
    return new Pop3Service.Settings(l.idleTimeout(), l.maxBadCommands(), l.loginFailureDelay(),
        Limits.MAX_LOGIN_FAILURE_DELAY, c.login().allowPlaintext(), localPeers, hostName(), l.loginTimeout(),
        c.tls().handshakeTimeout(), l.ipv6Prefix());
  }

  /**
   * Applies {@code next} to the running server, as {@code SIGHUP} asks: the limits, the login
   * delays, the {@code [login]} table (domain selection, login sources, the password-check
   * cache and the throttles: a new login backend, so the cache and the per-account counts start
   * empty) and TLS (certificates, protocols, suites, timeouts; the certificate files are read
   * again even when the settings are the same) take effect for connections accepted from now on;
   * open sessions go on as they started. What binds or opens at start (the listeners, the mail
   * home, the LMTP table, the {@code [delivery]} table) is logged as needing a restart and stays
   * as it is. A configuration that cannot run, or certificates that cannot be loaded, change
   * nothing.
   *
   * @return the keys applied; empty when nothing changed or the reload was refused
   */
  public synchronized List<String> reload(VqpopConfig next) {
    Pop3Service service = pop3Service;
    ConnectionLimits limits = pop3Limits;
    if (!started || service == null || limits == null) {
      throw new IllegalStateException("not started");
    }
    List<String> problems = next.serveProblems();
    if (!problems.isEmpty()) {
      problems.forEach(p -> log.warn("reload refused: {}; the running configuration stays", p));
      return List.of();
    }
    VqpopConfig old = config;
    List<String> applied = new ArrayList<>();
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      Object was = k.value().apply(old);
      Object now = k.value().apply(next);
      if (java.util.Objects.equals(was, now)) {
        continue;
      }
      if (RESTART.stream().anyMatch(r -> k.path().equals(r) || k.path().startsWith(r + "."))) {
        log.warn("reload: {} changed; it takes effect at the next restart", k.path());
      } else {
        applied.add(k.path());
      }
    }
    TlsContext oldTls = tls;
    TlsContext newTls = oldTls;
    if (!next.tls().equals(old.tls())) {
      try {
        newTls = next.tls().enabled() ? TlsContext.load(next.tls()) : null;
      } catch (TlsException e) {
        log.warn("reload refused: tls: {}; the running configuration stays", e.getMessage());
        return List.of();
      }
    } else if (oldTls != null) {
      oldTls.reloadIfChanged();
    }
    // The restart-only tables stay as started.
    VqpopConfig merged = new VqpopConfig(old.mailhome(), old.qmail(), old.popUser(), old.popHome(), old.pop3(),
        old.pop3s(), old.lmtp(), old.delivery(), next.tls(), next.login(), next.limits(), next.passwords());
    if (!next.login().equals(old.login())) {
      // Built on the running mail home (a changed one needs a restart), and prepared as at start.
      Pop3BackendFactory fresh = backendsFor.apply(merged);
      try {
        fresh.prepare();
      } catch (IOException e) {
        log.warn("reload refused: login: {}; the running configuration stays", e.getMessage());
        return List.of();
      }
      backends.current = fresh;
    }
    Limits l = next.limits();
    limits.update(l.maxConnections(), l.maxConnectionsPerIp(), l.ipv6Prefix());
    config = merged;
    service.update(pop3Settings(config), newTls);
    if (newTls != oldTls) {
      tls = newTls;
      if (newTls != null) {
        newTls.startReloading();
      }
      if (oldTls != null) {
        oldTls.close();
      }
    }
    log.info("reloaded: {}", applied.isEmpty() ? "nothing changed" : String.join(", ", applied));
    return applied;
  }

  /** The tables and keys a reload cannot change: they bind sockets or open files at start. */
  static final List<String> RESTART = List.of("mailhome", "qmail", "pop_user", "pop_home", "pop3", "pop3s", "lmtp",
      "delivery");

  /**
   * LMTP's listeners. They have connection limits of their own: their clients are a few MTAs
   * (Postfix opens up to 20 connections to one destination), which the per-address limit meant
   * for POP3 clients must not throttle.
   */
  private void startLmtp(Limits l) throws IOException {
    LmtpConfig c = config.lmtp();
    MailHome home = mailHome(config);
    String name = lmtpName();
    Spool spool = Deliveries.spool(home, config.delivery());
    try {
      int n = spool.sweep(Duration.ofMinutes(1), Instant.now());
      if (n > 0) {
        log.info("lmtp: removed {} spool file(s) left in {} by a crash", n, spool.directory());
      }
    } catch (IOException e) {
      log.warn("lmtp: cannot clean the spool directory {}: {}", spool.directory(), e.toString());
    }
    LmtpService service = new LmtpService(Deliveries.create(home, config.delivery()),
        new LmtpSettings(name, config.delivery().maxMessageSize(), c.maxRecipients(), l.maxBadCommands(), data(c),
            c.receivedHeader()),
        l.idleTimeout());
    lmtpService = service;
    ConnectionLimits limits = new ConnectionLimits(l.maxConnections(), l.maxConnections());
    for (ListenAddress a : c.listen()) {
      lmtp.add(bind("lmtp", a, limits, LmtpService.REFUSAL, service.tcp()));
    }
    Path socket = c.socket();
    if (socket != null) {
      try {
        lmtpSocket = UnixListener.bind("lmtp", socket, c.socketMode(), l.maxConnections(), l.idleTimeout(),
            LmtpService.REFUSAL, service.unix());
      } catch (IOException e) {
        throw new IOException("lmtp " + socket + ": cannot listen: " + e.getMessage(), e);
      }
    }
  }

  /** The file's data limits, with the grace before the rate counts (not in the file). */
  private DataPace.Limits data(LmtpConfig c) {
    return new DataPace.Limits(c.dataTimeout(), c.dataMinRate(), dataGrace);
  }

  /** Sets how long LMTP data may come slowly at first (30 s); for tests, before {@link #start}. */
  ServerAssembly dataGrace(Duration grace) {
    dataGrace = grace;
    return this;
  }

  private static Listener bind(String kind, ListenAddress a, ConnectionLimits limits, byte @Nullable [] refusal,
      ConnectionHandler handler) throws IOException {
    InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName(a.host()), a.port());
    try {
      return Listener.bind(kind, addr, limits, refusal, handler);
    } catch (IOException e) {
      throw new IOException(kind + " " + a + ": cannot listen: " + e.getMessage(), e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private List<Listener> listeners() {
    List<Listener> all = new ArrayList<>(pop3);
    all.addAll(pop3s);
    all.addAll(lmtp);
    return all;
  }

  /** The bound addresses of the plain POP3 listeners, in config order (port 0 resolved). */
  public List<InetSocketAddress> pop3Addresses() {
    return pop3.stream().map(Listener::localAddress).toList();
  }

  public List<InetSocketAddress> pop3sAddresses() {
    return pop3s.stream().map(Listener::localAddress).toList();
  }

  /** The name LMTP greets with: {@code delivery.hostname}, else this host's name. */
  public String lmtpName() {
    String h = config.delivery().hostname();
    return h != null ? h : hostName();
  }

  /** The bound addresses of the LMTP TCP listeners, in config order. */
  public List<InetSocketAddress> lmtpAddresses() {
    return lmtp.stream().map(Listener::localAddress).toList();
  }

  /** Reloads the certificates now if their files changed (also done by a poller); for tests. */
  public boolean reloadCertificates() {
    TlsContext t = tls;
    return t != null && t.reloadIfChanged();
  }

  /** Connections being served now, over all listeners. */
  public int openConnections() {
    UnixListener u = lmtpSocket;
    return listeners().stream().mapToInt(Listener::openConnections).sum() + (u != null ? u.openConnections() : 0);
  }

  /**
   * Stops accepting, waits up to {@code grace} for sessions to end, then closes the rest: their
   * sessions end without UPDATE, so nothing they marked is deleted (RFC 1939 §6). LMTP sessions
   * are told {@code 421 4.3.2} at once when they wait for a command, and after the message they
   * are receiving otherwise, so an MTA's cached connection does not hold the stop for its grace.
   */
  public synchronized void stop(Duration grace) {
    List<Listener> all = listeners();
    all.forEach(Listener::close);
    UnixListener u = lmtpSocket;
    if (u != null) {
      u.close();
    }
    LmtpService ls = lmtpService;
    if (ls != null) {
      ls.shutdown();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (Listener li : all) {
        li.awaitConnections(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      if (u != null) {
        u.awaitConnections(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = openConnections();
    if (left > 0) {
      log.info("closing {} open session(s); nothing they marked is deleted", left);
    }
    all.forEach(Listener::closeConnections);
    if (u != null) {
      u.closeConnections();
    }
    try {
      for (Listener li : all) {
        li.awaitConnections(Duration.ofSeconds(5));
      }
      if (u != null) {
        u.awaitConnections(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tls != null) {
      tls.close();
    }
    log.info("stopped");
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
