package org.vqpop.server.lmtp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.vqpop.delivery.Deliveries;
import org.vqpop.lmtp.LmtpSettings;
import org.vqpop.server.net.ConnectionHandler;
import org.vqpop.server.net.UnixListener;

/** What every LMTP connection shares: the deliveries, the session limits, the idle timeout. */
public final class LmtpService {
  /** Sent to a client over the connection limit (RFC 5321 §3.8: 421, then close). */
  public static final byte[] REFUSAL =
      "421 4.3.2 too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);

  final Deliveries deliveries;
  final LmtpSettings settings;
  final Duration idleTimeout;

  public LmtpService(Deliveries deliveries, LmtpSettings settings, Duration idleTimeout) {
    this.deliveries = deliveries;
    this.settings = settings;
    this.idleTimeout = idleTimeout;
  }

  /** The handler for TCP listeners. */
  public ConnectionHandler tcp() {
    return (socket, deadline, listener) -> {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis())));
      new LmtpConnection(this, socket.getInetAddress().getHostAddress() + ":" + socket.getPort(), listener, deadline)
          .run(deadline.input(socket.getInputStream()), deadline.output(socket.getOutputStream()));
    };
  }

  /** The handler for unix socket listeners, which enforce the idle timeout themselves. */
  public UnixListener.Handler unix() {
    return (in, out, deadline, listener) -> new LmtpConnection(this, "unix", listener, deadline)
        .run(in, deadline.output(out));
  }
}
