package org.vqpop.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * The size of a stored message as RFC 1939 §5 and §11 count it for STAT and LIST: its octets with
 * every line ending as CRLF, that is the stored bytes plus one for each bare LF, plus two when the
 * last line has no line end (the writer adds a CRLF there). Byte-stuffing is not counted (§11:
 * "the actual size ... may differ ... due to the byte-stuffing").
 *
 * <p>The invariant tested against {@link MessageWriter}: what a client receives after removing the
 * stuffing and the final {@code .CRLF} has exactly this many octets.
 */
public final class MessageSize {
  private MessageSize() {}

  /** Reads {@code msg} to its end (without closing it) and returns its RFC 1939 size. */
  public static long of(InputStream msg) throws IOException {
    byte[] buf = new byte[16 * 1024];
    long size = 0;
    int prev = -1;
    int r;
    while ((r = msg.read(buf, 0, buf.length)) >= 0) {
      if (r == 0) {
        continue;
      }
      for (int i = 0, lf; (lf = MessageWriter.indexOfLf(buf, i, r)) >= 0; i = lf + 1) {
        int before = lf > 0 ? buf[lf - 1] & 0xff : prev;
        if (before != '\r') {
          size++;
        }
      }
      prev = buf[r - 1] & 0xff;
      size += r;
    }
    if (prev != -1 && prev != '\n') {
      size += 2;
    }
    return size;
  }
}
