package org.vqpop.cli.common;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vqpop.mailhome.AdminException;

/**
 * Reads a password or secret so that none has to appear on a command line: from the terminal
 * without echo (asked twice), or else the first line of standard input.
 */
public final class SecretInput {
  private SecretInput() {}

  public static byte[] read(InputStream stdin, String what) throws AdminException {
    Console console = System.console();
    if (console != null && stdinIsTerminal()) {
      char[] a = console.readPassword("%s: ", capitalised(what));
      char[] b = a == null ? null : console.readPassword("Again: ");
      if (a == null || b == null) {
        throw AdminException.bad("no " + what + " given");
      }
      try {
        if (!Arrays.equals(a, b)) {
          throw AdminException.bad("the two " + what + "s differ");
        }
        var buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(a));
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
      } finally {
        Arrays.fill(a, '\0');
        Arrays.fill(b, '\0');
      }
    }
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = stdin.read()) != -1 && c != '\n') {
        line.write(c);
      }
      byte[] out = line.toByteArray();
      int n = out.length;
      if (n > 0 && out[n - 1] == '\r') {
        n--;
      }
      if (n == 0) {
        throw AdminException.bad("no " + what + " given: pass it as an argument or on standard input");
      }
      return Arrays.copyOf(out, n);
    } catch (IOException e) {
      throw new AdminException(AdminException.Kind.TEMPORARY, "cannot read the " + what + " from standard input", e);
    }
  }

  private static boolean stdinIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
