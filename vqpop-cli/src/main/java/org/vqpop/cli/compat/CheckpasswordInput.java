package org.vqpop.cli.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What checkpassword's caller writes to descriptor 3: {@code login\0password\0timestamp\0},
 * possibly followed by more data, at most 512 bytes in all (the checkpassword interface,
 * cr.yp.to/checkpwd/interface.html). qmail-popup sends the greeting's timestamp with USER/PASS
 * logins too, and an APOP digest in place of the password with APOP.
 *
 * @param login the login name, bytes taken as ISO-8859-1 (user names are ASCII; others fail later)
 * @param password as sent; the holder zeroes it when done
 * @param timestamp the {@code <...>} of the greeting, or empty
 */
record CheckpasswordInput(String login, byte[] password, String timestamp) {
  static final int MAX_BYTES = 512;

  /** The outcome of reading descriptor 3. */
  sealed interface Read {}

  record Parsed(CheckpasswordInput input) implements Read {}

  /** Not checkpassword input; {@code why} goes to standard error. */
  record Malformed(String why) implements Read {}

  /** Reads at most {@value #MAX_BYTES} bytes, up to end of file, and parses them. */
  static Read read(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_BYTES];
    int n = 0;
    try {
      int r;
      while (n < MAX_BYTES && (r = in.read(buf, n, MAX_BYTES - n)) > 0) {
        n += r;
      }
      return parse(buf, n);
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }

  static Read parse(byte[] buf, int length) {
    int[] ends = new int[3];
    int found = 0;
    for (int i = 0; i < length && found < 3; i++) {
      if (buf[i] == 0) {
        ends[found++] = i;
      }
    }
    if (found < 3) {
      return new Malformed("descriptor 3 must carry login\\0password\\0timestamp\\0 in at most " + MAX_BYTES
          + " bytes; found " + found + " of the 3 NUL-terminated fields in " + length + " bytes");
    }
    String login = new String(buf, 0, ends[0], StandardCharsets.ISO_8859_1);
    byte[] password = Arrays.copyOfRange(buf, ends[0] + 1, ends[1]);
    String timestamp = new String(buf, ends[1] + 1, ends[2] - ends[1] - 1, StandardCharsets.ISO_8859_1);
    return new Parsed(new CheckpasswordInput(login, password, timestamp));
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "CheckpasswordInput[login=" + login + ", password=***, timestamp=" + timestamp + "]";
  }
}
