package org.vqpop.server.lmtp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;
import org.vqpop.lmtp.DataPace;

/**
 * The connection's input, which during a message's data holds the client to its {@link
 * DataPace}: every read counts the octets and checks the deadline and the minimum rate, and before
 * a read blocks, the socket's read timeout is cut to the moment the pace would fail, so a client
 * that goes silent is caught then and not only at the idle timeout. A failed pace is reported as
 * {@link DataTimeout}. Outside the data, reads pass through with the idle timeout.
 *
 * <p>A unix socket has no settable read timeout ({@link ReadTimeout#NONE}): there a client that
 * goes silent mid-data is caught at the idle timeout, one that trickles at its next read.
 */
final class PacedInput extends FilterInputStream {

  /** Sets how long the next read may block; {@link java.net.Socket#setSoTimeout} for TCP. */
  @FunctionalInterface
  interface ReadTimeout {
    ReadTimeout NONE = millis -> {};

    void set(int millis) throws IOException;
  }

  /** The data broke its pace; the reason is {@link #breach()}. */
  static final class DataTimeout extends IOException {
    private static final long serialVersionUID = 1L;
    private final DataPace.Breach breach;

    DataTimeout(DataPace.Breach breach) {
      super("data " + breach);
      this.breach = breach;
    }

    DataPace.Breach breach() {
      return breach;
    }
  }

  private final ReadTimeout timeout;
  private final int idleMillis;
  private @Nullable DataPace pace;

  PacedInput(InputStream in, ReadTimeout timeout, int idleMillis) {
    super(in);
    this.timeout = timeout;
    this.idleMillis = idleMillis;
  }

  /** Starts the clock on a message's data. */
  void start(DataPace.Limits limits) {
    pace = new DataPace(limits, System.nanoTime());
  }

  /** Stops the clock: the data ended; reads are bound by the idle timeout again. */
  void stop() throws IOException {
    if (pace != null) {
      pace = null;
      timeout.set(idleMillis);
    }
  }

  boolean timing() {
    return pace != null;
  }

  /** Octets of the current data read so far (0 outside the data). */
  long dataOctets() {
    DataPace p = pace;
    return p == null ? 0 : p.bytes();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    DataPace p = pace;
    if (p == null) {
      return in.read(b, off, len);
    }
    int n;
    for (;;) {
      check(p);
      long left = (p.nanosLeft(System.nanoTime()) + 999_999) / 1_000_000;
      int wait = (int) Math.max(1, Math.min(idleMillis, left));
      timeout.set(wait);
      try {
        n = in.read(b, off, len);
        break;
      } catch (SocketTimeoutException e) {
        check(p);
        if (wait >= idleMillis) {
          throw e; // silent for the whole idle timeout
        }
      }
    }
    if (n > 0) {
      p.received(n);
    }
    check(p);
    return n;
  }

  private static void check(DataPace p) throws DataTimeout {
    DataPace.Breach breach = p.check(System.nanoTime());
    if (breach != null) {
      throw new DataTimeout(breach);
    }
  }
}
