package org.vqpop.qmail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vqpop.address.Domain;

/**
 * qmail's {@code control/virtualdomains}: lines {@code domain:prepend}. Only the lines of virtual
 * POP domains are ever changed; every other line is kept as it is.
 */
public final class VirtualDomainsFile {
  private final List<String> lines;

  private VirtualDomainsFile(List<String> lines) {
    this.lines = lines;
  }

  public static VirtualDomainsFile read(Path file) throws IOException {
    try {
      return new VirtualDomainsFile(new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return new VirtualDomainsFile(new ArrayList<>());
    }
  }

  /** The prepend part of {@code domain}'s line, if there is one. */
  public Optional<String> routeOf(Domain domain) {
    String start = domain.name() + ":";
    for (String l : lines) {
      if (l.toLowerCase(java.util.Locale.ROOT).startsWith(start)) {
        return Optional.of(l.substring(start.length()));
      }
    }
    return Optional.empty();
  }

  /** Adds {@code domain:prepend} unless that very line is there; whether the file changed. */
  public boolean add(Domain domain, String prepend) {
    Optional<String> have = routeOf(domain);
    if (have.isPresent()) {
      if (have.get().equals(prepend)) {
        return false;
      }
      throw new IllegalArgumentException(
          "control/virtualdomains already routes " + domain + " to '" + have.get() + "', not '" + prepend + "'");
    }
    lines.add(domain.name() + ":" + prepend);
    return true;
  }

  /** Removes {@code domain}'s line if it is {@code domain:prepend}; whether the file changed. */
  public boolean remove(Domain domain, String prepend) {
    return lines.remove(domain.name() + ":" + prepend);
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }
}
