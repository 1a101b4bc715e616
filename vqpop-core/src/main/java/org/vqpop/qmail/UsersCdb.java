package org.vqpop.qmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.vqpop.cdb.CdbWriter;
import org.vqpop.domain.FileFormatException;
import org.vqpop.fs.FileOwner;

/**
 * Compiles {@code users/assign} into {@code users/cdb} exactly as qmail-newu does, so that
 * qmail-lspawn reads it:
 *
 * <ul>
 *   <li>lines are read up to the first one starting with '.';
 *   <li>for {@code =local:...} the key is {@code !} + local + NUL, for {@code +loc:...} it is
 *       {@code !} + loc, both lower-cased;
 *   <li>the value is the rest of the line with its first six colons turned into NULs, cut at the
 *       sixth: {@code user\0uid\0gid\0home\0dash\0ext} with no NUL after the last field
 *       (qmail-lspawn appends the address extension there);
 *   <li>a last record with the empty key holds the set of last characters of the {@code +} keys;
 *   <li>the result goes to {@code users/cdb.tmp}, is fsynced and renamed to {@code users/cdb}.
 * </ul>
 *
 * Like qmail-newu's {@code umask(033)}, the file gets mode 0644.
 */
public final class UsersCdb {
  private UsersCdb() {}

  public static void compile(Path assign, Path cdb) throws IOException, FileFormatException {
    byte[] text;
    try (InputStream in = Files.newInputStream(assign)) {
      text = in.readAllBytes();
    }
    try (CdbWriter w = CdbWriter.create(cdb, PosixFilePermissions.fromString("rw-r--r--"), FileOwner.current())) {
      ByteArrayOutputStream wild = new ByteArrayOutputStream();
      int pos = 0;
      int no = 0;
      boolean ended = false;
      while (pos < text.length) {
        no++;
        int nl = indexOf(text, pos, text.length, (byte) '\n');
        if (text[pos] == '.') {
          ended = true;
          break;
        }
        if (nl < 0) {
          throw new FileFormatException(assign, no, "last line has no newline (and no '.' line ends the file)");
        }
        addLine(assign, no, text, pos, nl, w, wild);
        pos = nl + 1;
      }
      if (!ended) {
        throw new FileFormatException(assign, no + 1, "missing the '.' line that ends users/assign");
      }
      w.add(new byte[0], wild.toByteArray());
      w.commit();
    }
  }

  private static void addLine(Path file, int no, byte[] t, int start, int end, CdbWriter w, ByteArrayOutputStream wild)
      throws IOException, FileFormatException {
    if (indexOf(t, start, end, (byte) 0) >= 0) {
      throw new FileFormatException(file, no, "NUL byte in line");
    }
    int colon = indexOf(t, start, end, (byte) ':');
    if (colon < 0 || colon == start) {
      throw new FileFormatException(file, no, "no ':' after the address");
    }
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    key.write('!');
    key.write(t, start + 1, colon - start - 1);
    if (t[start] == '+') {
      if (colon - start >= 2) {
        byte last = t[colon - 1];
        byte[] seen = wild.toByteArray();
        if (indexOf(seen, 0, seen.length, last) < 0) {
          wild.write(last);
        }
      }
    } else {
      key.write(0);
    }
    byte[] k = lower(key.toByteArray());
    // The data runs to the end of the line, newline included, as in qmail-newu; it is cut at the
    // sixth colon, so a well-formed line never keeps its newline.
    byte[] data = new byte[end + 1 - colon - 1];
    System.arraycopy(t, colon + 1, data, 0, data.length);
    int colons = 0;
    int i;
    for (i = 0; i < data.length; i++) {
      if (data[i] == ':') {
        data[i] = 0;
        if (++colons == 6) {
          break;
        }
      }
    }
    if (colons < 6) {
      throw new FileFormatException(file, no, "fewer than 7 fields after the address");
    }
    byte[] value = new byte[i];
    System.arraycopy(data, 0, value, 0, i);
    w.add(k, value);
  }

  private static byte[] lower(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] >= 'A' && b[i] <= 'Z') {
        b[i] += 'a' - 'A';
      }
    }
    return b;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
