package org.vqpop.server.pop3;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.server.net.ConnectionHandler;
import org.vqpop.server.net.Deadline;
import org.vqpop.server.tls.TlsContext;

/**
 * What all POP3 connections share: the backend factory, TLS, settings, the login-delay table and
 * the APOP timestamp source. {@link #plain()} and {@link #implicitTls()} are the handlers for the
 * two kinds of listener. The settings and the TLS context can be replaced while the server runs
 * ({@link #update}); each connection takes them once, when it starts.
 */
public final class Pop3Service {

  /** The line sent to a connection over a limit before closing it (RFC 3206 §4 SYS/TEMP). */
  public static final byte[] REFUSAL =
      "-ERR [SYS/TEMP] too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * @param idleTimeout see {@code Limits.idleTimeout}
   * @param allowPlaintext USER/PASS and AUTH PLAIN without TLS from any address
   * @param localPeers the addresses from which plaintext logins are fine without TLS (loopback:
   *     the password does not cross a network); a seam for tests
   * @param loginTimeout see {@code Limits.loginTimeout}
   * @param handshakeTimeout see {@code Limits.handshakeTimeout}
   * @param ipv6Prefix see {@code Limits.ipv6Prefix}; login failures are counted per client too
   */
  public record Settings(Duration idleTimeout, int maxBadCommands, Duration loginFailureDelay, Duration maxLoginFailureDelay,
      boolean allowPlaintext, Predicate<InetAddress> localPeers, String hostName, Duration loginTimeout,
      Duration handshakeTimeout, int ipv6Prefix) {}

  final Pop3BackendFactory backends;
  private volatile @Nullable TlsContext tls;
  private volatile Settings settings;
  final LoginDelays delays;
  final ApopTimestamps timestamps;

  public Pop3Service(Pop3BackendFactory backends, @Nullable TlsContext tls, Settings settings) {
    this.backends = backends;
    this.tls = tls;
    this.settings = settings;
    this.delays = new LoginDelays(settings.loginFailureDelay(), settings.maxLoginFailureDelay(), settings.ipv6Prefix());
    this.timestamps = new ApopTimestamps(settings.hostName());
  }

  Settings settings() {
    return settings;
  }

  @Nullable TlsContext tls() {
    return tls;
  }

  /** New settings and TLS for connections that start from now on; open ones keep theirs. */
  public void update(Settings s, @Nullable TlsContext t) {
    delays.update(s.loginFailureDelay(), s.ipv6Prefix());
    settings = s;
    tls = t;
  }

  /** For plain POP3 listeners (port 110); offers STLS when there is TLS. */
  public ConnectionHandler plain() {
    return (Socket s, Deadline d, String listener) -> new Pop3Connection(this, s, d, listener, false).run();
  }

  /** For POP3S listeners (port 995): the handshake comes first. */
  public ConnectionHandler implicitTls() {
    if (tls == null) {
      throw new IllegalStateException("POP3S without TLS settings");
    }
    return (Socket s, Deadline d, String listener) -> new Pop3Connection(this, s, d, listener, true).run();
  }
}
