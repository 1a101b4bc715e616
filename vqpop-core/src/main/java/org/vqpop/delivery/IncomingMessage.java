package org.vqpop.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.vqpop.fs.UnlinkedFile;

/**
 * A message received for delivery, with LF line ends (the way Maildir stores mail, and qmail,
 * Dovecot and Courier with it): built line by line from LMTP's {@code DATA} (already without
 * dot-stuffing) or from a stream whose CRLF pairs become LF. A message that grows past its limit
 * is marked {@link #tooLarge()} and keeps no more bytes, so a client cannot make the server hold
 * more than the limit; the limit is checked as the bytes arrive.
 *
 * <p>Up to its {@link Spool}'s threshold (1 MiB by default) the message is held in memory, the
 * fast path for ordinary mail. Past it, what was held is written to a spool file and every further
 * byte goes there through one 64 KiB buffer, so a connection holds about threshold + 64 KiB
 * whatever the size. If the spool file cannot be made or written, the message records a {@link
 * #failure()} (a temporary failure for every recipient) and keeps no more bytes. {@link #close()}
 * releases the spool file; it has no name (see {@link Spool}), so a process that dies releases it
 * too.
 *
 * <p>Not thread-safe while being built; afterwards {@link #writeTo} and the header checks may be
 * called any number of times from one thread.
 */
public final class IncomingMessage implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final long limit;
  private final Spool spool;
  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current = new byte[0];
  private int used;
  private long size;
  private long bareLfs;
  private long lines;
  private boolean tooLarge;
  private int last = -1;
  private @Nullable Trace trace;

  // Once spooled: the file, and the bytes waiting for it in current[0..used).
  private @Nullable UnlinkedFile file;
  private @Nullable String failure;

  /** @param limit the largest size accepted in octets; 0 for none. Held in memory whatever its size. */
  public IncomingMessage(long limit) {
    this(limit, Spool.MEMORY);
  }

  /**
   * @param limit the largest size accepted in octets; 0 for none
   * @param spool where the message goes once it passes the spool's threshold
   */
  public IncomingMessage(long limit, Spool spool) {
    this.limit = limit;
    this.spool = spool;
  }

  /** Reads {@code in} to its end, turning CRLF into LF and adding a final LF if missing; in memory. */
  public static IncomingMessage read(InputStream in, long limit) throws IOException {
    return read(in, limit, Spool.MEMORY);
  }

  /**
   * Reads {@code in} to its end, turning CRLF into LF and adding a final LF if missing; past the
   * spool's threshold into a spool file. The caller closes the message.
   */
  public static IncomingMessage read(InputStream in, long limit, Spool spool) throws IOException {
    IncomingMessage m = new IncomingMessage(limit, spool);
    byte[] buf = new byte[CHUNK];
    byte[] out = new byte[CHUNK + 1];
    boolean pendingCr = false;
    int r;
    try {
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
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
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

  /**
   * Ends the message: a last line without an LF gets one, and a spooled message's last bytes go
   * to its file.
   */
  public void finish() {
    if (last != -1 && last != '\n') {
      append(new byte[] {'\n'}, 0, 1);
    }
    if (file != null && failure == null) {
      try {
        drain();
      } catch (IOException e) {
        fail(e);
      }
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

  /**
   * Keeps {@code len} bytes (or, past the limit or after a failure, only counts them); no line
   * accounting. Past the spool threshold the bytes go to the spool file.
   */
  private void store(byte[] b, int off, int len) {
    size += len;
    if (tooLarge || failure != null) {
      return;
    }
    if (limit > 0 && size > limit) {
      tooLarge = true;
      release();
      return;
    }
    if (file == null && size > spool.threshold()) {
      startSpooling();
      if (failure != null) {
        return;
      }
    }
    try {
      while (len > 0) {
        if (used == current.length) {
          if (file != null) {
            drain();
          } else {
            if (used > 0) {
              chunks.add(current);
            }
            // Chunks grow from 4 KiB to 64 KiB: small messages stay small, large ones take few chunks.
            current = new byte[Math.min(CHUNK, Math.max(4096, current.length * 2))];
            used = 0;
          }
        }
        int n = Math.min(len, current.length - used);
        System.arraycopy(b, off, current, used, n);
        used += n;
        off += n;
        len -= n;
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Moves what is held in memory to a new spool file; from then on {@code current} is its buffer. */
  private void startSpooling() {
    try {
      UnlinkedFile f = spool.create();
      file = f;
      for (byte[] c : chunks) {
        f.append(c, 0, c.length);
      }
      chunks.clear();
      f.append(current, 0, used);
      if (current.length < CHUNK) {
        current = new byte[CHUNK];
      }
      used = 0;
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Writes the buffered bytes to the spool file. */
  private void drain() throws IOException {
    UnlinkedFile f = file;
    if (f != null && used > 0) {
      f.append(current, 0, used);
      used = 0;
    }
  }

  private void fail(IOException e) {
    failure = e.getMessage() != null ? e.getMessage() : e.toString();
    release();
  }

  /** Drops every byte held, in memory and in the spool file. */
  private void release() {
    chunks.clear();
    current = new byte[0];
    used = 0;
    UnlinkedFile f = file;
    file = null;
    if (f != null) {
      try {
        f.close();
      } catch (IOException e) {
        // The file has no name: closing is all there is, and the kernel frees it either way.
      }
    }
  }

  /** Whether the message went past its limit; its bytes are then gone. */
  public boolean tooLarge() {
    return tooLarge;
  }

  /**
   * Why the message could not be kept (its spool file could not be made or written), for the log;
   * null when it was kept. Its bytes are then gone, and every recipient gets a temporary failure.
   */
  public @Nullable String failure() {
    return failure;
  }

  /** Whether the message is in a spool file (it passed the spool's threshold). */
  public boolean spooled() {
    return file != null;
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

  /** Where and from whom the message came, for a {@code Received:} field; null for none. */
  public @Nullable Trace trace() {
    return trace;
  }

  /** Sets what {@link DeliveryAgent} writes as the {@code Received:} field of every copy. */
  public void trace(@Nullable Trace t) {
    trace = t;
  }

  /** Writes the stored bytes: from memory, or from the spool file in 64 KiB reads. */
  public void writeTo(OutputStream out) throws IOException {
    if (tooLarge || failure != null) {
      throw new IllegalStateException("message over its size limit or lost");
    }
    UnlinkedFile f = file;
    if (f == null) {
      for (byte[] c : chunks) {
        out.write(c);
      }
      out.write(current, 0, used);
      return;
    }
    drain();
    byte[] buf = new byte[CHUNK];
    long pos = 0;
    while (pos < f.length()) {
      int n = f.read(pos, buf, 0, buf.length);
      if (n < 0) {
        throw new IOException("spool file ended at " + pos + " of " + f.length() + " octets");
      }
      out.write(buf, 0, n);
      pos += n;
    }
  }

  /** The stored bytes as a stream, for reading the header; valid until the message is closed. */
  InputStream openStream() throws IOException {
    UnlinkedFile f = file;
    if (f == null) {
      List<InputStream> parts = new ArrayList<>(chunks.size() + 1);
      for (byte[] c : chunks) {
        parts.add(new ByteArrayInputStream(c));
      }
      parts.add(new ByteArrayInputStream(current, 0, used));
      return new SequenceInputStream(Collections.enumeration(parts));
    }
    drain();
    return new InputStream() {
      private long pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = f.read(pos, b, off, len);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
    };
  }

  /** Releases the spool file, if any; the message keeps no bytes afterwards. Idempotent. */
  @Override
  public void close() {
    release();
  }

  /**
   * The first {@code max} octets as stored (all of a shorter message; none of one over its
   * limit): enough to read the header without copying the body.
   */
  public byte[] head(int max) {
    if (tooLarge || failure != null) {
      return new byte[0];
    }
    // A spooled message is read from its file; its header is at the start, so this reads little.
    try (InputStream in = openStream()) {
      return in.readNBytes((int) Math.min(max, size));
    } catch (IOException e) {
      return new byte[0];
    }
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
    byte[] buf = new byte[8192];
    // A spooled message is read from its file; its header is at the start, so this reads little.
    try (InputStream in = openStream()) {
      int r;
      while ((r = in.read(buf)) > 0) {
        for (int i = 0; i < r; i++) {
          byte b = buf[i];
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
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (field != null) {
      fields.add(field.toString());
    }
    return fields;
  }
}
