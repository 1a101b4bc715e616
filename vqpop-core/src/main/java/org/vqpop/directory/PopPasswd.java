package org.vqpop.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.domain.FileFormatException;
import org.vqpop.fs.RegularFile;

/**
 * A domain's {@code poppasswd}: the readable source of its {@code poppasswd.cdb}, one user a line:
 *
 * <pre>user:password-hash:apop-secret:quota-bytes:quota-messages:flags</pre>
 *
 * <p>A {@code \} escapes a ':', '\' or newline in a field (an APOP secret may contain any of
 * them). Empty quota fields mean the domain's default; flags are comma-separated words. {@code #}
 * comments and blank lines are kept in place when the file is rewritten. Each error names {@code
 * file:line}, and a malformed file changes nothing.
 *
 * <p>Not thread-safe; the mail home's lock guards every read-modify-write.
 */
public final class PopPasswd {
  static final String HEADER =
      "# poppasswd: the POP users of this domain, compiled into poppasswd.cdb by every change.\n"
          + "# user:password-hash:apop-secret:quota-bytes:quota-messages:flags\n";

  /** Users and verbatim lines ({@code String}) in file order; removed users leave a null. */
  private final List<@Nullable Object> lines;

  private final Map<UserName, Integer> index;

  private PopPasswd(List<@Nullable Object> lines, Map<UserName, Integer> index) {
    this.lines = lines;
    this.index = index;
  }

  public static PopPasswd empty() {
    List<@Nullable Object> lines = new ArrayList<>();
    lines.addAll(Arrays.asList(HEADER.split("\n")));
    return new PopPasswd(lines, new HashMap<>());
  }

  /** Reads {@code file}; a missing file is an empty database. */
  public static PopPasswd read(Path file) throws IOException, FileFormatException {
    List<@Nullable Object> lines = new ArrayList<>();
    Map<UserName, Integer> index = new HashMap<>();
    try (BufferedReader r = RegularFile.newBufferedReader(file, StandardCharsets.UTF_8)) { // never a FIFO
      String s;
      int no = 0;
      while ((s = r.readLine()) != null) {
        no++;
        if (s.isBlank() || s.startsWith("#")) {
          lines.add(s);
          continue;
        }
        PopUser u = parseLine(file, no, s);
        Integer prev = index.putIfAbsent(u.name(), lines.size());
        if (prev != null) {
          throw new FileFormatException(file, no, "user " + u.name() + " is already defined above");
        }
        lines.add(u);
      }
    } catch (NoSuchFileException e) {
      return empty();
    }
    return new PopPasswd(lines, index);
  }

  static PopUser parseLine(Path file, int no, String s) throws FileFormatException {
    List<String> f = split(file, no, s);
    if (f.size() != 6) {
      throw new FileFormatException(file, no,
          "expected 6 fields user:password-hash:apop-secret:quota-bytes:quota-messages:flags, found " + f.size());
    }
    try {
      return new PopUser(
          UserName.of(f.get(0)),
          f.get(1),
          f.get(2),
          number(file, no, "quota-bytes", f.get(3)),
          number(file, no, "quota-messages", f.get(4)),
          f.get(5).isEmpty() ? List.of() : List.of(f.get(5).split(",")));
    } catch (InvalidNameException e) {
      throw new FileFormatException(file, no, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, no, e.getMessage());
    }
  }

  private static long number(Path file, int no, String what, String s) throws FileFormatException {
    if (s.isEmpty()) {
      return 0;
    }
    boolean digits = s.length() <= 18;
    for (int i = 0; i < s.length() && digits; i++) {
      digits = s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }
    if (!digits) {
      throw new FileFormatException(file, no, what + " '" + s + "' is not a whole number");
    }
    return Long.parseLong(s);
  }

  private static List<String> split(Path file, int no, String s) throws FileFormatException {
    List<String> fields = new ArrayList<>(6);
    if (plain(s)) { // the common line: no escapes, no control characters
      int start = 0;
      for (int c = s.indexOf(':'); c >= 0; c = s.indexOf(':', start)) {
        fields.add(s.substring(start, c));
        start = c + 1;
      }
      fields.add(s.substring(start));
      return fields;
    }
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (++i == s.length()) {
          throw new FileFormatException(file, no, "line ends with a lone '\\'");
        }
        char e = s.charAt(i);
        switch (e) {
          case ':', '\\' -> cur.append(e);
          case 'n' -> cur.append('\n');
          default -> throw new FileFormatException(file, no, "unknown escape '\\" + e + "' at column " + (i + 1));
        }
      } else if (c == ':') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else if (c < 0x20 || c == 0x7f) {
        throw new FileFormatException(file, no, String.format("control character \\x%02x at column %d", (int) c, i + 1));
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.toString());
    return fields;
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  public Optional<PopUser> get(UserName name) {
    Integer i = index.get(name);
    return i == null ? Optional.empty() : Optional.of((PopUser) lines.get(i));
  }

  public int size() {
    return index.size();
  }

  /** The users in file order. */
  public List<PopUser> users() {
    List<PopUser> out = new ArrayList<>(index.size());
    for (Object o : lines) {
      if (o instanceof PopUser u) {
        out.add(u);
      }
    }
    return out;
  }

  /** Adds {@code user}, or replaces the user of that name where it stands. */
  public void put(PopUser user) {
    Integer i = index.get(user.name());
    if (i != null) {
      lines.set(i, user);
    } else {
      index.put(user.name(), lines.size());
      lines.add(user);
    }
  }

  /** Removes the named user; whether there was one. */
  public boolean remove(UserName name) {
    Integer i = index.remove(name);
    if (i == null) {
      return false;
    }
    lines.set(i, null);
    return true;
  }

  public void writeTo(Writer w) throws IOException {
    for (Object o : lines) {
      if (o == null) {
        continue;
      }
      if (o instanceof PopUser u) {
        w.write(toLine(u));
      } else {
        w.write((String) o);
      }
      w.write('\n');
    }
  }

  static String toLine(PopUser u) {
    StringBuilder sb = new StringBuilder(160);
    sb.append(u.name()).append(':');
    escape(sb, u.passwordHash());
    sb.append(':');
    escape(sb, u.apopSecret());
    sb.append(':');
    if (u.quotaBytes() > 0) {
      sb.append(u.quotaBytes());
    }
    sb.append(':');
    if (u.quotaMessages() > 0) {
      sb.append(u.quotaMessages());
    }
    sb.append(':').append(String.join(",", u.flags()));
    return sb.toString();
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ':', '\\' -> sb.append('\\').append(c);
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }
}
