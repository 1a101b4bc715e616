package org.vqpop.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's deadline: a point in time by which the connection must have done what it is
 * doing (logged in, finished a TLS handshake, sent a whole command), whatever bytes arrive in
 * between. A socket read timeout cannot be that: any single byte resets it, so a client that
 * sends one byte every few seconds would hold its connection for ever.
 *
 * <p>One shared sweeper thread looks at every armed deadline {@link #TICK} apart. When one has
 * passed, it shuts the connection's input, so that a blocked read ends (and, through {@link
 * #input}, throws {@link SocketTimeoutException}) while the output still works for a last reply;
 * if the connection is still registered {@link #GRACE} later (e.g. its write is blocked because the
 * client reads nothing), the socket is closed. Because the sweeper does the work, a read or write
 * inside JSSE (a TLS handshake) is covered as well as the connection's own.
 *
 * <p>Cost: arming is a volatile write and, for a relative deadline, one {@link System#nanoTime};
 * nothing is allocated or queued per command. Memory: one small object per open connection.
 * Thread-safe: the connection's thread arms it, the sweeper reads it.
 */
public final class Deadline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Deadline.class);

  /** How often the sweeper looks; a deadline is enforced at most this late. */
  static final Duration TICK = Duration.ofMillis(200);
  /** How long after shutting the input the socket is closed if the connection is still there. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private static final long NONE = Long.MAX_VALUE;
  private static final Set<Deadline> ARMED = ConcurrentHashMap.newKeySet();
  private static @Nullable Thread sweeper;

  /** What the sweeper does to a connection whose deadline has passed. */
  interface Target {
    /** Ends reads: a blocked read returns end-of-stream or fails; writes still work. */
    void stopReading() throws IOException;

    /** Ends everything. */
    void close() throws IOException;
  }

  private final Target target;
  private volatile long at = NONE;
  /** For {@link #progress()}: the idle span to re-arm with, 0 while the deadline is fixed. */
  private volatile long idleNanos;
  private volatile String why = "deadline";
  private volatile @Nullable String expired;
  private volatile long hardCloseAt = NONE;

  private Deadline(Target target) {
    this.target = target;
  }

  /** A deadline for a TCP connection, not armed yet. {@link #close} it when the connection ends. */
  public static Deadline of(Socket socket) {
    return register(new Deadline(new Target() {
      @Override
      public void stopReading() throws IOException {
        socket.shutdownInput();
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    }));
  }

  /** A deadline for a unix socket connection, not armed yet. */
  public static Deadline of(SocketChannel channel) {
    return register(new Deadline(new Target() {
      @Override
      public void stopReading() throws IOException {
        channel.shutdownInput();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    }));
  }

  /** For tests: a deadline acting on {@code target}. */
  static Deadline of(Target target) {
    return register(new Deadline(target));
  }

  private static Deadline register(Deadline d) {
    ARMED.add(d);
    startSweeper();
    return d;
  }

  private static synchronized void startSweeper() {
    if (sweeper == null) {
      sweeper = Thread.ofPlatform().name("connection-deadlines").daemon(true).start(Deadline::sweep);
    }
  }

  /**
   * A fixed deadline at {@code nanoTime} (a {@link System#nanoTime} value), e.g. the login
   * deadline counted from the accept. {@code reason} names it in the log when it passes.
   */
  public void armAt(long nanoTime, String reason) {
    why = reason;
    idleNanos = 0;
    at = nanoTime;
  }

  /** A fixed deadline {@code span} from now. */
  public void armIn(Duration span, String reason) {
    armAt(System.nanoTime() + span.toNanos(), reason);
  }

  /**
   * An inactivity deadline {@code span} from now, which {@link #progress()} moves on. Arm it
   * again before each command is read: bytes that do not complete a command are no activity.
   */
  public void armIdle(Duration span, String reason) {
    long n = span.toNanos();
    why = reason;
    idleNanos = n;
    at = System.nanoTime() + n;
  }

  /** Something got done (e.g. a chunk of a reply was written): an inactivity deadline starts over. */
  public void progress() {
    long n = idleNanos;
    if (n != 0) {
      at = System.nanoTime() + n;
    }
  }

  /** No deadline until armed again. */
  public void disarm() {
    at = NONE;
  }

  /** The reason of the deadline that passed, or null if none has. */
  public @Nullable String expired() {
    return expired;
  }

  /**
   * {@code in} as the connection reads it: once this deadline has passed, a read that ends (the
   * sweeper shut the input, or closed the socket) throws {@link SocketTimeoutException} naming
   * the deadline, so the connection can tell a timeout from a client that went away.
   */
  public InputStream input(InputStream in) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException e) {
          String r = expired;
          if (r != null) {
            throw new SocketTimeoutException(r);
          }
          throw e;
        }
        String r = expired;
        if (n < 0 && r != null) {
          throw new SocketTimeoutException(r);
        }
        return n;
      }

      @Override
      public int available() throws IOException {
        return in.available();
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /**
   * {@code out} as the connection writes it: each write that returns is {@link #progress()}, so
   * a long reply to a slow but reading client is not cut off, while one that reads nothing is.
   */
  public OutputStream output(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        progress();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        progress();
      }

      @Override
      public void flush() throws IOException {
        out.flush();
        progress();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  /** The connection has ended: the sweeper forgets it. */
  @Override
  public void close() {
    ARMED.remove(this);
  }

  private static void sweep() {
    long tick = TICK.toMillis();
    for (;;) {
      try {
        Thread.sleep(tick);
        long now = System.nanoTime();
        for (Deadline d : ARMED) {
          d.check(now);
        }
      } catch (InterruptedException e) {
        return; // a daemon thread; nothing interrupts it but the JVM's end
      } catch (RuntimeException e) {
        log.error("deadline sweeper", e); // a bug; keep enforcing the others
      }
    }
  }

  private void check(long now) {
    if (expired == null) {
      long a = at;
      if (a == NONE || now - a < 0) {
        return;
      }
      expired = why;
      hardCloseAt = now + GRACE.toNanos();
      try {
        target.stopReading();
      } catch (IOException e) {
        hardCloseAt = now; // cannot shut the input alone (e.g. already closed): close it all
      }
    }
    if (now - hardCloseAt >= 0) {
      ARMED.remove(this);
      try {
        target.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
