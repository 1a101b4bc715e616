package org.vqpop.server.pop3;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.server.net.ConnectionHandler;
import org.vqpop.server.tls.TlsContext;

/**
 * What all POP3 connections share: the backend factory, TLS, settings, the login-delay table and
 * the APOP timestamp source. {@link #plain()} and {@link #implicitTls()} are the handlers for the
 * two kinds of listener.
 */
public final class Pop3Service {

  /** The line sent to a connection over a limit before closing it (RFC 3206 §4 SYS/TEMP). */
  public static final byte[] REFUSAL =
      "-ERR [SYS/TEMP] too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The longest handshake a client gets, whatever the idle timeout. */
  static final Duration MAX_HANDSHAKE = Duration.ofSeconds(30);

  /**
   * @param idleTimeout see {@code Limits.idleTimeout}
   * @param allowPlaintext USER/PASS and AUTH PLAIN without TLS from any address
   * @param localPeers the addresses from which plaintext logins are fine without TLS (loopback:
   *     the password does not cross a network); a seam for tests
   */
  public record Settings(Duration idleTimeout, int maxBadCommands, Duration loginFailureDelay, Duration maxLoginFailureDelay,
      boolean allowPlaintext, Predicate<InetAddress> localPeers, String hostName) {}

  final Pop3BackendFactory backends;
  final @Nullable TlsContext tls;
  final Settings settings;
  final LoginDelays delays;
  final ApopTimestamps timestamps;

  public Pop3Service(Pop3BackendFactory backends, @Nullable TlsContext tls, Settings settings) {
    this.backends = backends;
    this.tls = tls;
    this.settings = settings;
    this.delays = new LoginDelays(settings.loginFailureDelay(), settings.maxLoginFailureDelay());
    this.timestamps = new ApopTimestamps(settings.hostName());
  }

  /** For plain POP3 listeners (port 110); offers STLS when there is TLS. */
  public ConnectionHandler plain() {
    return (Socket s, String listener) -> new Pop3Connection(this, s, listener, false).run();
  }

  /** For POP3S listeners (port 995): the handshake comes first. */
  public ConnectionHandler implicitTls() {
    if (tls == null) {
      throw new IllegalStateException("POP3S without TLS settings");
    }
    return (Socket s, String listener) -> new Pop3Connection(this, s, listener, true).run();
  }

  Duration handshakeTimeout() {
    return settings.idleTimeout().compareTo(MAX_HANDSHAKE) < 0 ? settings.idleTimeout() : MAX_HANDSHAKE;
  }
}
