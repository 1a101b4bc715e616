package org.vqpop.server.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A listening TCP socket. Its {@link Acceptor}, shared with {@link UnixListener}, accepts on one
 * platform thread and serves each connection on a virtual thread of its own, after taking a slot
 * from the shared {@link ConnectionLimits}.
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
  /** Small kernel buffers: most POP3 traffic is short lines; TCP grows them when needed. */
  private static final int RECEIVE_BUFFER = 16 * 1024;

  private final String name;
  private final ServerSocket server;
  private final Acceptor<Socket> acceptor;

  private Listener(String name, ServerSocket server, ConnectionLimits limits, byte @Nullable [] refusal,
      ConnectionHandler handler) {
    this.name = name;
    this.server = server;
    this.acceptor = new Acceptor<>(name, new Tcp(name, server, limits, refusal, handler));
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

  public void start() {
    acceptor.start();
  }

  /** Connections being served now. */
  public int openConnections() {
    return acceptor.openConnections();
  }

  /** Waits until every connection has ended or {@code patience} has passed; true if all ended. */
  public boolean awaitConnections(Duration patience) throws InterruptedException {
    return acceptor.await(patience);
  }

  /** Closes the connections still open. */
  public void closeConnections() {
    acceptor.closeConnections();
  }

  /** Stops accepting; open connections go on. */
  @Override
  public void close() {
    acceptor.stop();
  }

  /** TCP: a slot from the shared per-client limits, Nagle off, a deadline on the socket. */
  private record Tcp(String name, ServerSocket server, ConnectionLimits limits, byte @Nullable [] refusal,
      ConnectionHandler handler) implements Acceptor.Transport<Socket> {
    @Override
    public Socket accept() throws IOException {
      return server.accept();
    }

    @Override
    public boolean isOpen() {
      return !server.isClosed();
    }

    @Override
    public void closeListening() {
      Acceptor.closeQuietly(server);
    }

    @Override
    public @Nullable AutoCloseable admit(Socket socket) {
      return limits.tryAcquire(socket.getInetAddress());
    }

    @Override
    public void refuse(Socket socket) {
      if (refusal == null) {
        return;
      }
      try {
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write(refusal);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // The client went away first; nothing to tell it.
      }
    }

    @Override
    public void serve(Socket socket) throws Exception {
      try (Deadline deadline = Deadline.of(socket)) {
        socket.setTcpNoDelay(true); // see BENCH-NOTES: Nagle meets delayed ACK, 40 ms per reply
        handler.serve(socket, deadline, name);
      }
    }

    @Override
    public String peer(Socket socket) {
      return socket.getInetAddress().getHostAddress();
    }
  }
}
