package org.vqpop.server.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket. Accepts on one platform thread and serves each connection on a virtual
 * thread of its own, after taking a slot from the shared {@link ConnectionLimits}.
 *
 * <p>Lifecycle: {@link #bind} opens the port, {@link #start} begins accepting, {@link #close}
 * stops accepting, {@link #awaitConnections} waits for the open ones to end, and {@link
 * #closeConnections} closes those still open (their sessions then end without UPDATE, so nothing
 * is deleted: RFC 1939 §6).
 *
 * <p>A connection over a limit gets {@code refusal} (if any) and is closed at once, before any
 * TLS handshake: a handshake costs the server more than the client.
 *
 * <p>Each connection gets a {@link Deadline} that its handler arms: a read timeout alone would
 * let a client that trickles bytes hold its slot for ever.
 */
public final class Listener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);

  /** Small kernel buffers: most POP3 traffic is short lines; TCP grows them when needed. */
  private static final int RECEIVE_BUFFER = 16 * 1024;

  private final String name;
  private final ServerSocket server;
  private final ConnectionLimits limits;
  private final byte @Nullable [] refusal;
  private final ConnectionHandler handler;
  private final OpenConnections<Socket> connections = new OpenConnections<>();
  private final AtomicLong sequence = new AtomicLong();
  private @Nullable Thread acceptor;

  private Listener(String name, ServerSocket server, ConnectionLimits limits, byte @Nullable [] refusal,
      ConnectionHandler handler) {
    this.name = name;
    this.server = server;
    this.limits = limits;
    this.refusal = refusal;
    this.handler = handler;
  }

  /**
   * Binds {@code address}. {@code name} is the listener's name in logs ({@code pop3s:[::]:995}
   * is made from it and the bound port).
   */
  public static Listener bind(String kind, InetSocketAddress address, ConnectionLimits limits,
      byte @Nullable [] refusal, ConnectionHandler handler) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.setReceiveBufferSize(RECEIVE_BUFFER);
      s.bind(address, 128);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    String bound = (address.getAddress().getHostAddress().contains(":")
        ? "[" + address.getAddress().getHostAddress() + "]" : address.getAddress().getHostAddress())
        + ":" + s.getLocalPort();
    return new Listener(kind + ":" + bound, s, limits, refusal, handler);
  }

  public String name() {
    return name;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public synchronized void start() {
    if (acceptor == null) {
      acceptor = Thread.ofPlatform().name("accept-" + name).daemon(false).start(this::acceptLoop);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("{}: accept failed: {}", name, e.toString());
          pause();
        }
        continue;
      }
      InetAddress peer = socket.getInetAddress();
      ConnectionLimits.Permit permit = limits.tryAcquire(peer);
      if (permit == null) {
        refuse(socket);
        continue;
      }
      connections.add(socket);
      Thread.ofVirtual().name(name + "#" + sequence.incrementAndGet()).start(() -> serve(socket, permit));
    }
  }

  private void serve(Socket socket, ConnectionLimits.Permit permit) {
    try (permit; Deadline deadline = Deadline.of(socket)) {
      socket.setTcpNoDelay(true); // see BENCH-NOTES: Nagle meets delayed ACK, 40 ms per reply
      handler.serve(socket, deadline, name);
    } catch (Exception | Error e) {
      log.error("{}: connection from {} failed", name, socket.getRemoteSocketAddress(), e);
    } finally {
      closeQuietly(socket);
      connections.remove(socket);
    }
  }

  private void refuse(Socket socket) {
    log.info("{}: refused {}: connection limit reached", name, socket.getInetAddress().getHostAddress());
    try (socket) {
      if (refusal != null) {
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write(refusal);
        out.flush();
        socket.shutdownOutput();
      }
    } catch (IOException e) {
      // The client went away first; nothing to tell it.
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100); // e.g. out of file descriptors: do not spin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Connections being served now. */
  public int openConnections() {
    return connections.size();
  }

  /** Waits until every connection has ended or {@code patience} has passed; true if all ended. */
  public boolean awaitConnections(Duration patience) throws InterruptedException {
    return connections.await(patience);
  }

  /** Closes the connections still open. */
  public void closeConnections() {
    connections.closeAll();
  }

  /** Stops accepting; open connections go on. */
  @Override
  public void close() {
    closeQuietly(server);
    Thread t;
    synchronized (this) {
      t = acceptor;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
