package org.vqpop.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening unix domain socket: the local way for an MTA to reach a service that needs no
 * network port, with access controlled by the socket file's permissions. It shares {@link
 * Listener}'s {@link Acceptor}: one platform thread accepts, each connection is served on a
 * virtual thread.
 *
 * <p>The socket file: a stale one left by a crash is replaced, but a file that is not a socket,
 * or a socket some process still answers on, is left alone and binding fails. After binding the
 * file gets {@code mode}; until then it has the mode the umask gives, and connecting needs write
 * permission, so with the usual umask (022) nobody but the owner can connect in between. The
 * file is removed on {@link #close}.
 *
 * <p>Channels have no read timeout; each connection gets a {@link Deadline} instead, which the
 * handler arms (e.g. a whole command within {@code idleTimeout}): when it passes, the input side is
 * shut, and the read throws {@link java.net.SocketTimeoutException} while the output side still
 * works for a last reply. A silence timer reset by every byte would let a client that trickles
 * bytes hold its connection for ever.
 */
public final class UnixListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UnixListener.class);
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  /**
   * Serves one connection; the listener closes the channel afterwards. {@code in} already ends
   * with {@link java.net.SocketTimeoutException} once {@code deadline} has passed.
   */
  @FunctionalInterface
  public interface Handler {
    void serve(InputStream in, OutputStream out, Deadline deadline, String listener) throws Exception;
  }

  private final String name;
  private final Path path;
  private final ServerSocketChannel server;
  private final Acceptor<SocketChannel> acceptor;

  private UnixListener(String name, Path path, ServerSocketChannel server, int maxConnections, Duration idleTimeout,
      byte @Nullable [] refusal, Handler handler) {
    this.name = name;
    this.path = path;
    this.server = server;
    this.acceptor = new Acceptor<>(name,
        new Unix(name, server, new Semaphore(maxConnections), idleTimeout, refusal, handler));
  }

  /** Binds {@code path} (replacing a stale socket) and gives it {@code mode}. */
  public static UnixListener bind(String kind, Path path, Set<PosixFilePermission> mode, int maxConnections,
      Duration idleTimeout, byte @Nullable [] refusal, Handler handler) throws IOException {
    removeStale(path);
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      s.bind(UnixDomainSocketAddress.of(path), 128);
      Files.setPosixFilePermissions(path, mode);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return new UnixListener(kind + ":" + path, path, s, maxConnections, idleTimeout, refusal, handler);
  }

  private static void removeStale(Path path) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new IOException(path + " exists and is not a socket");
    }
    boolean live;
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      live = true;
    } catch (IOException nobody) {
      live = false; // left by a process that died
    }
    if (live) {
      throw new IOException(path + ": another process is listening on it");
    }
    Files.deleteIfExists(path);
  }

  public String name() {
    return name;
  }

  public Path path() {
    return path;
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

  /** Stops accepting and removes the socket file; open connections go on. */
  @Override
  public void close() {
    acceptor.stop();
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("{}: cannot remove the socket file: {}", name, e.toString());
    }
  }

  /** A unix socket: a slot from this listener's own count, a deadline instead of a read timeout. */
  private record Unix(String name, ServerSocketChannel server, Semaphore slots, Duration idleTimeout,
      byte @Nullable [] refusal, Handler handler) implements Acceptor.Transport<SocketChannel> {
    @Override
    public SocketChannel accept() throws IOException {
      return server.accept();
    }

    @Override
    public boolean isOpen() {
      return server.isOpen();
    }

    @Override
    public void closeListening() {
      Acceptor.closeQuietly(server);
    }

    @Override
    public @Nullable AutoCloseable admit(SocketChannel ch) {
      return slots.tryAcquire() ? slots::release : null;
    }

    @Override
    public void refuse(SocketChannel ch) {
      if (refusal == null) {
        return;
      }
      try {
        Channels.newOutputStream(ch).write(refusal);
      } catch (IOException e) {
        // The client went away first.
      }
    }

    @Override
    public void serve(SocketChannel ch) throws Exception {
      try (Deadline deadline = Deadline.of(ch)) {
        // Until the handler arms its own, a connection gets idleTimeout in all.
        deadline.armIn(idleTimeout, "idle timeout");
        handler.serve(deadline.input(Channels.newInputStream(ch)), Channels.newOutputStream(ch), deadline, name);
      }
    }

    @Override
    public String peer(SocketChannel ch) {
      return "a local client";
    }
  }
}
