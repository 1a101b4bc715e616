package org.vqpop.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads CRLF-terminated lines as bytes from a stream, with a small buffer of its own and a hard
 * bound on the line length. Not thread-safe: one reader per connection.
 *
 * <p>A line longer than {@code maxLineBytes} (terminator not counted) is not kept: {@link
 * Overlong} is returned as soon as the limit is passed, without reading on to the line's end, so
 * a client can make the server neither buffer without bound nor wait for an LF that never comes.
 * A caller that goes on reading (LMTP data) gets the next line: the rest of the long one is
 * skipped first.
 */
public final class LineReader {

  /** What a bare LF (an LF not preceded by CR) means. */
  public enum BareLf {
    /**
     * A bare LF ends a line, like CRLF. Right for POP3 commands: RFC 1939 §3 asks for CRLF, but
     * clients send bare LF, and a command line is never relayed anywhere.
     */
    ACCEPT,
    /**
     * A bare LF does not end a line; the line goes on to the next CRLF and is reported as {@link
     * BareLfLine}. Needed for LMTP/SMTP DATA: if one hop treats {@code LF.LF} or {@code LF.CRLF} as
     * the end of data and the next does not, a sender can smuggle a second message past the first
     * hop ("SMTP smuggling", RFC 5321 §2.3.8 says line ends are CRLF only).
     */
    REJECT
  }

  /** The outcome of {@link #read()}. */
  public sealed interface Result permits Line, Overlong, BareLfLine, Eof, EofMidLine {}

  /** A complete line, without its terminator. */
  public record Line(byte[] bytes) implements Result {}

  /**
   * A line longer than the limit, reported as soon as the limit was passed; its bytes are
   * discarded, and the next {@link #read()} first skips the rest of it up to and including its end.
   */
  public record Overlong() implements Result {}

  /** With {@link BareLf#REJECT}: a line that contained a bare LF; its bytes were discarded. */
  public record BareLfLine() implements Result {}

  /** The stream ended cleanly, at a line boundary. */
  public record Eof() implements Result {}

  /** The stream ended in the middle of a line (the partial line is dropped). */
  public record EofMidLine() implements Result {}

  private static final int CR = '\r';
  private static final int LF = '\n';

  private final InputStream in;
  private final int maxLineBytes;
  private final BareLf bareLf;
  private final byte[] buf;
  private int pos;
  private int limit;
  private byte[] line;
  /** After an {@link Overlong}: the rest of that line is still to be skipped. */
  private boolean skipping;
  /** While skipping: the last byte skipped was a CR. */
  private boolean skippedCr;

  /** A reader with a 2 KiB read buffer. */
  public LineReader(InputStream in, int maxLineBytes, BareLf bareLf) {
    this(in, maxLineBytes, bareLf, 2048);
  }

  LineReader(InputStream in, int maxLineBytes, BareLf bareLf, int bufferSize) {
    if (maxLineBytes < 1 || bufferSize < 1) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.bareLf = bareLf;
    this.buf = new byte[bufferSize];
    // The line accumulator starts small and grows up to the limit, never past it.
    this.line = new byte[Math.min(maxLineBytes, 256)];
  }

  /**
   * Whether bytes were read from the stream but not yet returned as lines. After STLS the
   * connection must refuse such bytes: they were sent in plaintext before the handshake and would
   * otherwise be taken as commands of the TLS session (RFC 2595 §3.1, the STARTTLS
   * command-injection attack).
   */
  public boolean hasBuffered() {
    return pos < limit;
  }

  /**
   * Whether a whole line (up to an LF) is already buffered, so that {@link #read()} returns
   * without blocking. A server that batches pipelined replies (RFC 2920 §3.2) flushes when this
   * is false: a partial line does not count, as the client may be waiting for a reply before it
   * sends the rest.
   */
  public boolean hasBufferedLine() {
    int i = pos;
    if (skipping) {
      // The end of the overlong line is no line of its own; look past it.
      boolean cr = skippedCr;
      for (; i < limit; i++) {
        if (buf[i] == LF && (cr || bareLf == BareLf.ACCEPT)) {
          break;
        }
        cr = buf[i] == CR;
      }
      if (i++ >= limit) {
        return false;
      }
    }
    for (; i < limit; i++) {
      if (buf[i] == LF) {
        return true;
      }
    }
    return false;
  }

  /** Reads the next line. I/O errors of the stream are thrown as they are. */
  public Result read() throws IOException {
    if (skipping && !skipRestOfLine()) {
      return new EofMidLine();
    }
    int len = 0;
    boolean sawBareLf = false;
    boolean pendingCr = false;
    boolean started = false;
    for (;;) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return started ? new EofMidLine() : new Eof();
        }
        pos = 0;
        limit = n;
        continue;
      }
      int b = buf[pos++] & 0xff;
      started = true;
      if (b == LF) {
        if (pendingCr || bareLf == BareLf.ACCEPT) {
          if (sawBareLf) {
            return new BareLfLine();
          }
          return new Line(Arrays.copyOf(line, len));
        }
        // REJECT: the LF is ordinary content of a line that will be refused.
        sawBareLf = true;
        continue;
      }
      if (pendingCr) {
        // The CR held back was not part of a CRLF: it is content.
        pendingCr = false;
        if (!append(CR, len)) {
          return overlong(b == CR);
        }
        len++;
      }
      if (b == CR) {
        // Held back so that a CRLF right at the limit does not count as an overlong line.
        pendingCr = true;
        continue;
      }
      if (!append(b, len)) {
        return overlong(false);
      }
      len++;
    }
  }

  /** The limit was just passed; {@code lastWasCr}: the byte last consumed was a CR. */
  private Result overlong(boolean lastWasCr) {
    skipping = true;
    skippedCr = lastWasCr;
    return new Overlong();
  }

  /** Skips the rest of an overlong line; false if the stream ended first. */
  private boolean skipRestOfLine() throws IOException {
    for (;;) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          skipping = false;
          return false;
        }
        pos = 0;
        limit = n;
        continue;
      }
      int b = buf[pos++] & 0xff;
      if (b == LF && (skippedCr || bareLf == BareLf.ACCEPT)) {
        skipping = false;
        return true;
      }
      skippedCr = b == CR;
    }
  }

  private boolean append(int b, int len) {
    if (len == maxLineBytes) {
      return false;
    }
    if (len == line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
    }
    line[len] = (byte) b;
    return true;
  }
}
