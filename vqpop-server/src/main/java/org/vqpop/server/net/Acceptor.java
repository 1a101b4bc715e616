package org.vqpop.server.net;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every listener does with what it accepts, whatever the transport (TCP, unix socket):
 * accept on one platform thread, take a slot for the connection or refuse it at once, serve it on
 * a virtual thread of its own, and keep the open connections for an orderly shutdown. {@link
 * Listener} and {@link UnixListener} differ only in how they bind, accept, admit and serve
 * ({@link Transport}).
 *
 * <p>Lifecycle: {@link #start} begins accepting; {@link #stop} closes the listening side (through
 * the transport) and waits for the accepting thread; {@link #await} waits for the open
 * connections to end, {@link #closeConnections} closes those still open. A connection is closed
 * by the acceptor after it has been served, whatever happened, and its slot released.
 */
final class Acceptor<C extends AutoCloseable> {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

  /** One kind of listening socket. Called on the accepting thread, except {@link #serve}. */
  interface Transport<C> {
    /** Blocks for the next connection; throws once the listening side is closed. */
    C accept() throws IOException;

    boolean isOpen();

    /** Closes the listening side, which ends a blocked {@link #accept}. */
    void closeListening();

    /** A slot for {@code connection}, released when it ends; null when over a limit. */
    @Nullable AutoCloseable admit(C connection);

    /** Tells a connection over a limit so, if the protocol has words for it; then it is closed. */
    void refuse(C connection);

    /** Serves one connection, on its own virtual thread. An exception is a bug, logged as one. */
    void serve(C connection) throws Exception;

    /** The connection's peer, for a log line. */
    String peer(C connection);
  }

  private final String name;
  private final Transport<C> transport;
  private final OpenConnections<C> connections = new OpenConnections<>();
  private final AtomicLong sequence = new AtomicLong();
  private @Nullable Thread thread;

  Acceptor(String name, Transport<C> transport) {
    this.name = name;
    this.transport = transport;
  }

  synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().name("accept-" + name).daemon(false).start(this::acceptLoop);
    }
  }

  private void acceptLoop() {
    while (transport.isOpen()) {
      C connection;
      try {
        connection = transport.accept();
      } catch (IOException e) {
        if (transport.isOpen()) {
          log.warn("{}: accept failed: {}", name, e.toString());
          pause();
        }
        continue;
      }
      AutoCloseable slot = transport.admit(connection);
      if (slot == null) {
        log.info("{}: refused {}: connection limit reached", name, transport.peer(connection));
        try {
          transport.refuse(connection);
        } finally {
          closeQuietly(connection);
        }
        continue;
      }
      connections.add(connection);
      Thread.ofVirtual().name(name + "#" + sequence.incrementAndGet()).start(() -> serve(connection, slot));
    }
  }

  private void serve(C connection, AutoCloseable slot) {
    try {
      transport.serve(connection);
    } catch (Exception | Error e) {
      log.error("{}: connection from {} failed", name, transport.peer(connection), e);
    } finally {
      closeQuietly(connection);
      connections.remove(connection);
      closeQuietly(slot);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100); // e.g. out of file descriptors: do not spin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int openConnections() {
    return connections.size();
  }

  boolean await(Duration patience) throws InterruptedException {
    return connections.await(patience);
  }

  void closeConnections() {
    connections.closeAll();
  }

  /** Stops accepting and waits (up to 5 s) for the accepting thread; open connections go on. */
  void stop() {
    transport.closeListening();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
