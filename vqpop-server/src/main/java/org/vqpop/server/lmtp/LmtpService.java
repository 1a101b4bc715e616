package org.vqpop.server.lmtp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vqpop.delivery.Deliveries;
import org.vqpop.lmtp.LmtpReplies;
import org.vqpop.lmtp.LmtpSettings;
import org.vqpop.server.net.ConnectionHandler;
import org.vqpop.server.net.UnixListener;

/**
 * What every LMTP connection shares: the deliveries, the session limits, the idle timeout, and
 * the stop signal. Thread-safe.
 */
public final class LmtpService {
  /** Sent to a client over the connection limit (RFC 5321 §3.8: 421, then close). */
  public static final byte[] REFUSAL =
      (LmtpReplies.TOO_MANY_CONNECTIONS.line() + "\r\n").getBytes(StandardCharsets.US_ASCII);

  final Deliveries deliveries;
  final LmtpSettings settings;
  final Duration idleTimeout;
  private final Set<LmtpConnection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public LmtpService(Deliveries deliveries, LmtpSettings settings, Duration idleTimeout) {
    this.deliveries = deliveries;
    this.settings = settings;
    this.idleTimeout = idleTimeout;
  }

  /** The handler for TCP listeners. */
  public ConnectionHandler tcp() {
    return (socket, deadline, listener) -> {
      socket.setSoTimeout(idleMillis());
      new LmtpConnection(this, socket.getInetAddress().getHostAddress() + ":" + socket.getPort(), listener,
          socket.getInetAddress().getHostAddress(), socket::setSoTimeout, deadline)
          .run(deadline.input(socket.getInputStream()), deadline.output(socket.getOutputStream()));
    };
  }

  /** The handler for unix socket listeners, which enforce the idle timeout themselves. */
  public UnixListener.Handler unix() {
    return (in, out, deadline, listener) ->
        new LmtpConnection(this, "unix", listener, null, PacedInput.ReadTimeout.NONE, deadline)
            .run(in, deadline.output(out));
  }

  int idleMillis() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis()));
  }

  /**
   * The server is stopping: every session waiting for a command is told {@code 421 4.3.2} and
   * closed now; one in the middle of a message's data finishes it (and gets its replies) first,
   * then gets the 421. New connections no longer come (the listeners are closed first).
   */
  public void shutdown() {
    stopping = true;
    for (LmtpConnection c : open) {
      c.stopIfWaiting();
    }
  }

  boolean stopping() {
    return stopping;
  }

  void opened(LmtpConnection c) {
    open.add(c);
  }

  void closed(LmtpConnection c) {
    open.remove(c);
  }
}
