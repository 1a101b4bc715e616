package org.vqpop.bench.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Dovecot passwd-file ({@code user@domain:{SCHEME}hash}) from the {@code poppasswd} of
 * every domain in a vqpop mail home, so that Dovecot checks the very hashes vqpop checks. A user
 * with only an APOP secret gets {@code {PLAIN}secret}, which Dovecot needs for APOP and which
 * vqpop also accepts as the password.
 *
 * <p>{@code java -cp benchmarks.jar org.vqpop.bench.gen.DovecotPasswd MAILHOME OUT}
 */
public final class DovecotPasswd {
  private DovecotPasswd() {}

  public static void main(String[] argv) throws IOException {
    Path mailhome = Path.of(argv[0]);
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(mailhome.resolve("virtualpopdomains"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> d = fields(line);
      for (String u : Files.readAllLines(mailhome.resolve(d.get(2)).resolve("poppasswd"), StandardCharsets.UTF_8)) {
        if (u.isBlank() || u.startsWith("#")) {
          continue;
        }
        List<String> f = fields(u);
        String hash = f.get(1);
        String apop = f.size() > 2 ? f.get(2) : "";
        String password = !hash.isEmpty() ? "{" + scheme(hash) + "}" + hash : "{PLAIN}" + apop;
        out.append(f.get(0)).append('@').append(d.get(0)).append(':').append(password).append('\n');
      }
    }
    Files.writeString(Path.of(argv[1]), out);
  }

  /** Dovecot's name for a hash format. */
  static String scheme(String hash) {
    if (hash.startsWith("$argon2id$")) {
      return "ARGON2ID";
    } else if (hash.startsWith("$6$")) {
      return "SHA512-CRYPT";
    } else if (hash.startsWith("$5$")) {
      return "SHA256-CRYPT";
    } else if (hash.startsWith("$2")) {
      return "BLF-CRYPT";
    }
    return "CRYPT";
  }

  /** Colon-separated fields with {@code \} escaping {@code :} and {@code \}. */
  static List<String> fields(String line) {
    List<String> f = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':') {
        f.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    f.add(cur.toString());
    return f;
  }
}
