package org.vqpop.qmail;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vqpop.domain.FileFormatException;

/**
 * {@code users/assign}: {@code users/append.local} verbatim, then one line per POP user, then the
 * closing {@code .} line.
 */
public final class UsersAssign {
  private UsersAssign() {}

  /**
   * Reads {@code append.local}; a missing file is empty. The seed says comments and empty lines
   * are not allowed there (qmail-newu would stop at a line starting with '.', and take a comment as
   * an address), so they are reported with {@code file:line}.
   */
  public static String readAppendLocal(Path file) throws IOException, FileFormatException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    }
    if (text.isEmpty()) {
      return "";
    }
    String[] lines = text.split("\n", -1);
    int n = lines.length - (text.endsWith("\n") ? 1 : 0);
    for (int i = 0; i < n; i++) {
      String l = lines[i];
      if (l.isEmpty() || l.startsWith("#")) {
        throw new FileFormatException(file, i + 1, "comments and empty lines are not allowed in append.local");
      }
      if (l.startsWith(".")) {
        throw new FileFormatException(file, i + 1, "a line starting with '.' would end users/assign here");
      }
      if (!(l.startsWith("=") || l.startsWith("+")) || l.chars().filter(c -> c == ':').count() < 7) {
        throw new FileFormatException(file, i + 1,
            "not a users/assign line (=local:user:uid:gid:home:dash:ext: or +loc:...)");
      }
    }
    return text.endsWith("\n") ? text : text + "\n";
  }

  /**
   * The lines of an existing {@code users/assign} (up to its {@code .} line) that give an address
   * to {@code user} with a home outside {@code root}, as {@code =local -> home}, leaving out lines
   * that are in {@code appendLocal}. Lines that are not assignments are skipped: qmail-newu, not
   * this check, is the judge of the file's form.
   */
  public static List<String> foreignRoutes(Path file, String user, Path root, String appendLocal) throws IOException {
    Set<String> appended = new HashSet<>(List.of(appendLocal.split("\n")));
    List<String> out = new ArrayList<>();
    try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      for (String l : (Iterable<String>) lines::iterator) {
        if (l.startsWith(".")) {
          break;
        }
        if (!(l.startsWith("=") || l.startsWith("+")) || appended.contains(l)) {
          continue;
        }
        String[] f = l.split(":", -1);
        if (f.length < 8 || !f[1].equals(user) || f[4].isEmpty()) {
          continue;
        }
        Path h;
        try {
          h = Path.of(f[4]).normalize();
        } catch (InvalidPathException e) {
          continue;
        }
        if (!h.isAbsolute() || !h.startsWith(root) || h.equals(root)) {
          out.add(f[0] + " -> " + f[4]);
        }
      }
    }
    return out;
  }

  public static void write(Writer w, String appendLocal, Iterable<AssignEntry> entries) throws IOException {
    w.write(appendLocal);
    for (AssignEntry e : entries) {
      w.write(e.toLine());
      w.write('\n');
    }
    w.write(".\n");
  }

  public static String render(String appendLocal, List<AssignEntry> entries) {
    StringBuilder sb = new StringBuilder();
    try (Writer w = new java.io.StringWriter()) {
      write(w, appendLocal, entries);
      sb.append(w);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return sb.toString();
  }
}
