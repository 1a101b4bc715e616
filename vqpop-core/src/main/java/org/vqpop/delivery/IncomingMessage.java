package org.vqpop.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message received for delivery, held in memory with LF line ends (the way Maildir stores mail,
 * and qmail, Dovecot and Courier with it): built line by line from LMTP's {@code DATA} (already
 * without dot-stuffing) or from a stream whose CRLF pairs become LF. A message that grows past
 * its limit is marked {@link #tooLarge()} and keeps no more bytes, so a client cannot make the
 * server hold more than the limit. Not thread-safe while being built; read-only afterwards.
 */
public final class IncomingMessage {
  private static final int CHUNK = 64 * 1024;

  private final long limit;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current = new byte[0];
  private int used;
  private long size;
  private long bareLfs;
  private long lines;
  private boolean tooLarge;
  private int last = -1;

  /** @param limit the largest size accepted in octets; 0 for none */
  public IncomingMessage(long limit) {
    this.limit = limit;
  }

  /** Reads {@code in} to its end, turning CRLF into LF and adding a final LF if missing. */
  public static IncomingMessage read(InputStream in, long limit) throws IOException {
    IncomingMessage m = new IncomingMessage(limit);
    byte[] buf = new byte[CHUNK];
    byte[] out = new byte[CHUNK + 1];
    boolean pendingCr = false;
    int r;
    while ((r = in.read(buf)) >= 0) {
      int n = 0;
      for (int i = 0; i < r; i++) {
        byte b = buf[i];
        if (pendingCr) {
          pendingCr = false;
          if (b != '\n') {
            out[n++] = '\r';
          }
        }
        if (b == '\r') {
          pendingCr = true;
        } else {
          out[n++] = b;
        }
      }
      m.append(out, 0, n);
    }
    if (pendingCr) {
      m.append(new byte[] {'\r'}, 0, 1);
    }
    m.finish();
    return m;
  }

  /** Appends one line given without its line end, and an LF. */
  public void appendLine(byte[] line, int off, int len) {
    if (indexOf(line, off, len, (byte) '\n') >= 0) {
      append(line, off, len);
      append(LF, 0, 1);
      return;
    }
    // The common case, a line without an LF in it: no byte-by-byte scan.
    store(line, off, len);
    store(LF, 0, 1);
    lines++;
    boolean crBefore = len > 0 ? line[off + len - 1] == '\r' : last == '\r';
    if (!crBefore) {
      bareLfs++;
    }
    last = '\n';
  }

  private static final byte[] LF = {'\n'};

  private static int indexOf(byte[] b, int off, int len, byte x) {
    for (int i = off; i < off + len; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** Ends the message: a last line without an LF gets one. */
  public void finish() {
    if (last != -1 && last != '\n') {
      append(new byte[] {'\n'}, 0, 1);
    }
  }

  private void append(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        lines++;
        if (last != '\r') {
          bareLfs++;
        }
      }
      last = b[i];
    }
    store(b, off, len);
  }

  /** Keeps {@code len} bytes (or, past the limit, only counts them); no line accounting. */
  private void store(byte[] b, int off, int len) {
    size += len;
    if (tooLarge || (limit > 0 && size > limit)) {
      tooLarge = true;
      chunks.clear();
      current = new byte[0];
      used = 0;
      return;
    }
    while (len > 0) {
      if (used == current.length) {
        if (used > 0) {
          chunks.add(current);
        }
        // Chunks grow from 4 KiB to 64 KiB: small messages stay small, large ones take few chunks.
        current = new byte[Math.min(CHUNK, Math.max(4096, current.length * 2))];
        used = 0;
      }
      int n = Math.min(len, current.length - used);
      System.arraycopy(b, off, current, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** Whether the message went past its limit; its bytes are then gone. */
  public boolean tooLarge() {
    return tooLarge;
  }

  /** Octets as stored (LF line ends). */
  public long size() {
    return size;
  }

  /** The RFC 1939 size: {@link #size()} plus one for every LF without a CR before it. */
  public long crlfSize() {
    return size + bareLfs;
  }

  /** Number of lines. */
  public long lines() {
    return lines;
  }

  /** Writes the stored bytes. */
  public void writeTo(OutputStream out) throws IOException {
    if (tooLarge) {
      throw new IllegalStateException("message over its size limit");
    }
    for (byte[] c : chunks) {
      out.write(c);
    }
    out.write(current, 0, used);
  }

  /**
   * The first {@code max} octets as stored (all of a shorter message; none of one over its
   * limit): enough to read the header without copying the body.
   */
  public byte[] head(int max) {
    byte[] out = new byte[(int) Math.min(max, tooLarge ? 0 : size)];
    int n = 0;
    for (byte[] c : chunks) {
      if (n == out.length) {
        return out;
      }
      int k = Math.min(c.length, out.length - n);
      System.arraycopy(c, 0, out, n, k);
      n += k;
    }
    System.arraycopy(current, 0, out, n, Math.min(used, out.length - n));
    return out;
  }

  /**
   * Whether the header (up to the first empty line) has a {@code Delivered-To:} field whose value
   * is {@code address}, compared without case: the mark of a message that has been here before.
   */
  public boolean hasDeliveredTo(String address) {
    String want = address.toLowerCase(Locale.ROOT);
    for (String field : headerFields()) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).strip().equalsIgnoreCase("Delivered-To")) {
        String value = field.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("<") && value.endsWith(">")) {
          value = value.substring(1, value.length() - 1);
        }
        if (value.equals(want)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The header's fields, unfolded, read from the start of the message up to an empty line. */
  List<String> headerFields() {
    List<String> fields = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    StringBuilder field = null;
    long limitScan = 256 * 1024;
    long seen = 0;
    List<byte[]> all = new ArrayList<>(chunks);
    byte[] tail = java.util.Arrays.copyOf(current, used);
    all.add(tail);
    for (byte[] c : all) {
      for (byte b : c) {
        if (++seen > limitScan) {
          return fields;
        }
        if (b != '\n') {
          line.append((char) (b & 0xff));
          continue;
        }
        String l = line.toString();
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        line.setLength(0);
        if (l.isEmpty()) {
          if (field != null) {
            fields.add(field.toString());
          }
          return fields;
        }
        if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && field != null) {
          field.append(' ').append(l.strip());
        } else {
          if (field != null) {
            fields.add(field.toString());
          }
          field = new StringBuilder(l);
        }
      }
    }
    if (field != null) {
      fields.add(field.toString());
    }
    return fields;
  }
}
