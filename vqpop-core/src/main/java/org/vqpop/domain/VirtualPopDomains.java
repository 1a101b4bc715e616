package org.vqpop.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.InvalidNameException;
import org.vqpop.fs.RegularFile;

/**
 * The {@code virtualpopdomains} file: one {@code domain:hostname:domaindirectory:prefix} line per
 * domain. Parsed strictly, each error naming {@code file:line}. Unlike the seed, {@code #} comments
 * and blank lines are allowed; they are kept, in place, when the file is rewritten. Order matters:
 * the first domain is the one used when nothing else selects one (the seed's inetd behaviour).
 *
 * <p>Instances are immutable; {@link #with} and {@link #without} return changed copies.
 */
public final class VirtualPopDomains {
  /** A line of the file: a domain, or a comment or blank line kept verbatim. */
  private sealed interface Line {}

  private record DomainLine(VirtualDomain domain) implements Line {}

  private record Verbatim(String text) implements Line {}

  private final List<Line> lines;
  private final List<VirtualDomain> domains;

  private VirtualPopDomains(List<Line> lines) {
    this.lines = List.copyOf(lines);
    List<VirtualDomain> ds = new ArrayList<>();
    for (Line l : lines) {
      if (l instanceof DomainLine d) {
        ds.add(d.domain());
      }
    }
    this.domains = List.copyOf(ds);
  }

  public static VirtualPopDomains empty() {
    return new VirtualPopDomains(List.of());
  }

  /** Reads {@code file}; a missing file is an empty table. */
  public static VirtualPopDomains read(Path file) throws IOException, FileFormatException {
    String text;
    try {
      text = RegularFile.readString(file, StandardCharsets.UTF_8); // a FIFO there must not block a login
    } catch (NoSuchFileException e) {
      return empty();
    }
    return parse(file, text);
  }

  public static VirtualPopDomains parse(Path file, String text) throws FileFormatException {
    List<Line> lines = new ArrayList<>();
    Map<Domain, Integer> seenDomain = new HashMap<>();
    Map<String, Integer> seenPrefix = new HashMap<>();
    String[] raw = text.split("\n", -1);
    int count = raw.length;
    if (count > 0 && raw[count - 1].isEmpty()) {
      count--; // the newline that ends the last line
    }
    for (int i = 0; i < count; i++) {
      int no = i + 1;
      String s = raw[i];
      if (s.isBlank() || s.stripLeading().startsWith("#")) {
        lines.add(new Verbatim(s));
        continue;
      }
      VirtualDomain d = parseLine(file, no, s);
      Integer prev = seenDomain.putIfAbsent(d.domain(), no);
      if (prev != null) {
        throw new FileFormatException(file, no, "domain " + d.domain() + " is already defined on line " + prev);
      }
      if (d.hasPrefix()) {
        prev = seenPrefix.putIfAbsent(d.prefix(), no);
        if (prev != null) {
          throw new FileFormatException(file, no, "prefix '" + d.prefix() + "' is already used on line " + prev);
        }
      }
      lines.add(new DomainLine(d));
    }
    return new VirtualPopDomains(lines);
  }

  private static VirtualDomain parseLine(Path file, int no, String s) throws FileFormatException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new FileFormatException(file, no, String.format(
            "control character \\x%02x at column %d%s", (int) c, i + 1, c == '\r' ? " (DOS line ends?)" : ""));
      }
      if (c == ' ') {
        throw new FileFormatException(file, no, "space at column " + (i + 1) + "; fields are separated by ':' only");
      }
    }
    String[] f = fields(s);
    if (f.length != 4) {
      throw new FileFormatException(file, no,
          "expected 4 fields domain:hostname:domaindirectory:prefix, found " + f.length
              + (f.length == 3 ? " (an empty prefix still needs its trailing ':')" : ""));
    }
    try {
      return VirtualDomain.of(f[0], f[1], f[2], f[3]);
    } catch (InvalidNameException e) {
      throw new FileFormatException(file, no, e.getMessage());
    }
  }

  /** Splits at colons, except inside a bracketed IPv6 address. */
  private static String[] fields(String s) {
    List<String> out = new ArrayList<>(4);
    int start = 0;
    boolean bracket = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        bracket = true;
      } else if (c == ']') {
        bracket = false;
      } else if (c == ':' && !bracket) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out.toArray(new String[0]);
  }

  public List<VirtualDomain> domains() {
    return domains;
  }

  public boolean isEmpty() {
    return domains.isEmpty();
  }

  public Optional<VirtualDomain> find(Domain domain) {
    for (VirtualDomain d : domains) {
      if (d.domain().equals(domain)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  public Optional<VirtualDomain> findByPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return Optional.empty();
    }
    for (VirtualDomain d : domains) {
      if (d.prefix().equals(prefix)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * A copy with {@code d} appended. Refused, with a reason, when its domain or non-empty prefix is
   * already taken.
   */
  public VirtualPopDomains with(VirtualDomain d) {
    if (find(d.domain()).isPresent()) {
      throw new IllegalArgumentException("domain " + d.domain() + " already exists");
    }
    @Nullable VirtualDomain owner = findByPrefix(d.prefix()).orElse(null);
    if (owner != null) {
      throw new IllegalArgumentException("prefix '" + d.prefix() + "' is already used by " + owner.domain());
    }
    List<Line> copy = new ArrayList<>(lines);
    copy.add(new DomainLine(d));
    return new VirtualPopDomains(copy);
  }

  /** A copy without {@code domain}'s line; comments stay. */
  public VirtualPopDomains without(Domain domain) {
    List<Line> copy = new ArrayList<>(lines);
    copy.removeIf(l -> l instanceof DomainLine d && d.domain().domain().equals(domain));
    return new VirtualPopDomains(copy);
  }

  /** The file's text, comments and blank lines where they were. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      switch (l) {
        case DomainLine d -> sb.append(d.domain().toLine());
        case Verbatim v -> sb.append(v.text());
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
