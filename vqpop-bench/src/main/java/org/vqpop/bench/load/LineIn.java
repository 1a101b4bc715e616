package org.vqpop.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered reader of protocol lines and dot-terminated multi-line replies, working on bytes: no
 * decoding of message bodies, so that the client costs little beside the server.
 */
final class LineIn {
  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int end;

  LineIn(InputStream in, int size) {
    this.in = in;
    this.buf = new byte[size];
  }

  private boolean fill() throws IOException {
    pos = 0;
    end = in.read(buf, 0, buf.length);
    if (end < 0) {
      end = 0;
      return false;
    }
    return true;
  }

  /** One line without its CRLF (or LF), as ASCII. */
  String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      if (pos == end && !fill()) {
        throw new EOFException("connection closed by the server");
      }
      int start = pos;
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      sb.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
      if (pos < end) {
        pos++; // the LF
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
    }
  }

  /**
   * Skips a multi-line reply's body up to and including the line holding a single dot, and
   * returns the number of octets read (terminator included). Scans bytes only.
   */
  long skipMultiline() throws IOException {
    long count = 0;
    boolean lineStart = true;
    int dotState = 0; // 1: line began with '.', 2: then CR
    while (true) {
      if (pos == end && !fill()) {
        throw new EOFException("connection closed inside a multi-line reply");
      }
      int i = pos;
      int e = end;
      byte[] b = buf;
      while (i < e) {
        byte c = b[i++];
        if (dotState == 0) {
          if (lineStart && c == '.') {
            dotState = 1;
          } else if (c == '\n') {
            lineStart = true;
            continue;
          }
          lineStart = false;
        } else if (dotState == 1) {
          if (c == '\r') {
            dotState = 2;
          } else if (c == '\n') {
            count += i - pos;
            pos = i;
            return count; // ".\n": lenient
          } else {
            dotState = 0;
            lineStart = false;
          }
        } else {
          if (c == '\n') {
            count += i - pos;
            pos = i;
            return count;
          }
          dotState = 0;
          lineStart = false;
        }
      }
      count += i - pos;
      pos = i;
    }
  }
}
