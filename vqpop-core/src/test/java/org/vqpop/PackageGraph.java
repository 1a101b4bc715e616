package org.vqpop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code org.vqpop} package uses which, read from Java sources: every import (plain, static,
 * on demand) and every fully qualified name outside comments and literals. A package is a node
 * whatever module holds it, so a package split across modules is one node and a cycle through
 * several modules is found too.
 *
 * <p>{@link #cycles} lists the strongly connected components of more than one package (Tarjan's
 * algorithm): in each, every package reaches every other one, so none of them can be understood,
 * tested or moved without the rest.
 */
final class PackageGraph {
  /** A package name ({@code org.vqpop} and lower-case segments) followed by a type name or {@code *}. */
  static final Pattern REFERENCE = Pattern.compile("\\borg\\.vqpop((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");

  static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  /** from package -> to package -> the files (module/.../File.java) that make the edge. */
  private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

  /** The graph of every {@code .java} file under {@code roots}; a file is named relative to {@code base}. */
  static PackageGraph ofSources(Path base, List<Path> roots) throws IOException {
    PackageGraph g = new PackageGraph();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          g.add(base.relativize(f).toString(), Files.readString(f));
        }
      }
    }
    return g;
  }

  /** Adds the references of one source file. */
  void add(String file, String source) {
    String code = codeOnly(source);
    Matcher pm = PACKAGE.matcher(code);
    if (!pm.find()) {
      return; // the default package: nothing in org.vqpop can import it
    }
    String from = pm.group(1);
    edges.computeIfAbsent(from, k -> new TreeMap<>());
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) {
      String to = "org.vqpop" + m.group(1);
      if (!to.equals(from)) {
        edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
        edges.computeIfAbsent(to, k -> new TreeMap<>());
      }
    }
  }

  /**
   * Each cycle as its packages and the edges between them, one line each: {@code a -> b
   * (vqpop-core/src/main/java/org/vqpop/a/A.java)}. Empty when the packages form a DAG.
   */
  List<String> cycles() {
    List<String> out = new ArrayList<>();
    for (Set<String> scc : components()) {
      StringBuilder b = new StringBuilder("cycle among " + scc + ":");
      for (String from : scc) {
        for (var e : edges.get(from).entrySet()) {
          if (scc.contains(e.getKey())) {
            b.append("\n  ").append(from).append(" -> ").append(e.getKey()).append(' ').append(e.getValue());
          }
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  /** The packages {@code from} uses directly. */
  Set<String> uses(String from) {
    return edges.getOrDefault(from, Map.of()).keySet();
  }

  /** Tarjan's strongly connected components with more than one node, iteratively (no deep recursion). */
  private List<Set<String>> components() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] next = {0};
    for (String start : edges.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      // Each frame: a node and an iterator over its successors.
      Deque<Map.Entry<String, Iterator<String>>> frames = new ArrayDeque<>();
      visit(start, index, low, stack, onStack, next, frames);
      while (!frames.isEmpty()) {
        var top = frames.peek();
        String v = top.getKey();
        if (top.getValue().hasNext()) {
          String w = top.getValue().next();
          if (!index.containsKey(w)) {
            visit(w, index, low, stack, onStack, next, frames);
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        frames.pop();
        if (!frames.isEmpty()) {
          String parent = frames.peek().getKey();
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          Set<String> scc = new TreeSet<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            scc.add(w);
          } while (!w.equals(v));
          if (scc.size() > 1) {
            found.add(scc);
          }
        }
      }
    }
    return found;
  }

  private void visit(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, int[] next, Deque<Map.Entry<String, Iterator<String>>> frames) {
    index.put(v, next[0]);
    low.put(v, next[0]);
    next[0]++;
    stack.push(v);
    onStack.add(v);
    frames.push(Map.entry(v, edges.getOrDefault(v, Map.of()).keySet().iterator()));
  }

  /**
   * The source with comments, string and character literals and text blocks blanked out (line
   * breaks kept), so that a name mentioned in Javadoc or a message is not taken for a use.
   */
  static String codeOnly(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(b, s, i, end);
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = i + 3;
        while (end < n && !s.startsWith("\"\"\"", end)) {
          end += s.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 3);
        blank(b, s, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') {
          end += s.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(n, end + 1);
        blank(b, s, i, end);
        i = end;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  private static void blank(StringBuilder b, String s, int from, int to) {
    b.append(' ');
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') {
        b.append('\n');
      }
    }
    b.append(' ');
  }
}
