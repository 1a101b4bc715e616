package org.vqpop.server.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.config.TlsSettings;

/**
 * The server's TLS: one {@link SSLContext} whose key manager picks the certificate by SNI, TLS 1.2
 * and 1.3 only (RFC 8996 deprecates 1.0 and 1.1) with the configured cipher suites (by default
 * AEAD with forward secrecy only, see {@link TlsSettings#DEFAULT_CIPHERS}) in the server's order,
 * no client-initiated renegotiation, and a poller that reloads the certificates when their files
 * change. Used for implicit TLS (POP3S) and for STLS alike: both wrap an accepted plain socket in
 * server mode.
 *
 * <p>Renegotiation that a TLS 1.2 client starts costs the server a full handshake each time (a
 * cheap denial of service) and has been the vehicle of attacks (CVE-2009-3555); POP3 never needs
 * it. JSSE allows it unless the system property {@code
 * jdk.tls.rejectClientInitiatedRenegotiation} is true when its server handshake code is first
 * loaded, so this class sets it before it builds any context: the first server handshake of the
 * process comes after. TLS 1.3 has no renegotiation.
 *
 * <p>Reloading compares each file's modification time, size and real path (certbot's {@code
 * live/} files are symlinks that move to a new {@code archive/} file on renewal). A reload that
 * fails, for example when the key file is written before the certificate, is logged and the old
 * certificates stay in use; the next poll tries again.
 */
public final class TlsContext implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TlsContext.class);

  static {
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  private final TlsSettings settings;
  private final SniKeyManager keyManager;
  private final SSLSocketFactory factory;
  private final AtomicLong generation = new AtomicLong();
  private volatile List<FileStamp> stamps;
  private @Nullable ScheduledExecutorService poller;

  private final String[] protocols;
  private final String[] ciphers;

  private TlsContext(TlsSettings settings, SniKeyManager keyManager, SSLSocketFactory factory, List<FileStamp> stamps) {
    this.protocols = settings.protocols().toArray(String[]::new);
    this.ciphers = settings.ciphers().toArray(String[]::new);
    this.settings = settings;
    this.keyManager = keyManager;
    this.factory = factory;
    this.stamps = stamps;
  }

  /** Loads every certificate and key; any problem is refused with the file named. */
  public static TlsContext load(TlsSettings settings) throws TlsException {
    List<FileStamp> stamps = stamp(settings);
    SniKeyManager km = new SniKeyManager(table(settings, 0));
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {km}, null, null);
      List<String> known = List.of(ctx.getSupportedSSLParameters().getCipherSuites());
      for (String c : settings.ciphers()) {
        if (!known.contains(c)) {
          throw new TlsException("tls.ciphers: " + c + " is not a cipher suite this Java runtime knows "
              + "(write IANA names, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
        }
      }
      return new TlsContext(settings, km, ctx.getSocketFactory(), stamps);
    } catch (GeneralSecurityException e) {
      throw new TlsException("TLS is not available in this JDK: " + e.getMessage());
    }
  }

  private static SniKeyManager.Table table(TlsSettings s, long generation) throws TlsException {
    CertifiedKey fallback = CertifiedKey.load(Objects.requireNonNull(s.cert(), "tls.cert"),
        Objects.requireNonNull(s.key(), "tls.key"));
    List<Map.Entry<List<String>, CertifiedKey>> named = new ArrayList<>();
    for (TlsSettings.SniCertificate c : s.sni()) {
      named.add(Map.entry(c.names(), CertifiedKey.load(c.cert(), c.key())));
    }
    return SniKeyManager.Table.of(generation, fallback, named);
  }

  /**
   * Runs the server side of a TLS handshake over {@code plain} (already connected), which is
   * closed with the returned socket. Reads during the handshake time out after {@code timeout}.
   *
   * @throws IOException if the handshake fails; the socket is then unusable
   */
  public SSLSocket handshake(Socket plain, Duration timeout) throws IOException {
    SSLSocket s = (SSLSocket) factory.createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(protocols);
    p.setCipherSuites(ciphers);
    p.setUseCipherSuitesOrder(true);
    s.setSSLParameters(p);
    int old = plain.getSoTimeout();
    s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    s.startHandshake();
    s.setSoTimeout(old);
    return s;
  }

  /** The host name the client asked for with SNI, lower-cased; null if none. */
  public static @Nullable String requestedName(javax.net.ssl.SSLSession session) {
    return SniKeyManager.requestedName(session);
  }

  /** Starts polling the files every {@link TlsSettings#reloadInterval()}; does nothing for 0. */
  public synchronized void startReloading() {
    Duration every = settings.reloadInterval();
    if (poller != null || every.isZero()) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tls-reload").daemon(true).factory());
    poller.scheduleWithFixedDelay(this::reloadIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reloads if a file changed since the last load; true if new certificates were installed. */
  public boolean reloadIfChanged() {
    List<FileStamp> now;
    try {
      now = stamp(settings);
    } catch (TlsException e) {
      log.warn("TLS reload: {}; keeping the current certificates", e.getMessage());
      return false;
    }
    if (now.equals(stamps)) {
      return false;
    }
    try {
      keyManager.install(table(settings, generation.incrementAndGet()));
    } catch (TlsException e) {
      log.warn("TLS reload: {}; keeping the current certificates", e.getMessage());
      return false;
    }
    // Only now: a failed load is retried at the next poll, when the files may be complete.
    stamps = now;
    log.info("TLS certificates reloaded");
    return true;
  }

  private record FileStamp(Path file, Path real, long modified, long size) {}

  private static List<FileStamp> stamp(TlsSettings s) throws TlsException {
    List<Path> files = new ArrayList<>(List.of(Objects.requireNonNull(s.cert()), Objects.requireNonNull(s.key())));
    for (TlsSettings.SniCertificate c : s.sni()) {
      files.add(c.cert());
      files.add(c.key());
    }
    List<FileStamp> out = new ArrayList<>();
    for (Path f : files) {
      try {
        // All three follow symlinks: the target is what matters.
        out.add(new FileStamp(f, f.toRealPath(), Files.getLastModifiedTime(f).toMillis(), Files.size(f)));
      } catch (IOException e) {
        throw new TlsException(f + ": " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }
}
