package org.vqpop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The style guide's layering, checked on the sources: the protocol engine, the store SPI and the
 * auth types know no sockets and no JDBC; storage knows no protocol; every package is
 * {@code @NullMarked}; and no two packages of any module depend on each other, directly or through
 * others (no package cycles, and no list of exceptions).
 */
class ArchitectureTest {
  static final Path MAIN = Path.of("src/main/java/org/vqpop");

  /** The build's root: the tests run in the module's directory. */
  static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

  /** Every module's main sources ({@code vqpop-*}/src/main/java). */
  static List<Path> mainSourceRoots() throws IOException {
    try (Stream<Path> modules = Files.list(PROJECT)) {
      return modules.filter(m -> Files.exists(m.resolve("pom.xml")))
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    }
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    List<Path> roots = mainSourceRoots();
    assertThat(roots).as("the modules' sources, from " + PROJECT)
        .contains(PROJECT.resolve("vqpop-core/src/main/java"), PROJECT.resolve("vqpop-cli/src/main/java"),
            PROJECT.resolve("vqpop-server/src/main/java"));
    PackageGraph g = PackageGraph.ofSources(PROJECT, roots);
    assertThat(g.uses("org.vqpop.mailhome")).as("the graph is read at all").contains("org.vqpop.directory");
    assertThat(g.cycles()).isEmpty();
  }

  @Test
  void theCycleCheckFindsACycleThroughSeveralPackagesAndModules() {
    PackageGraph g = new PackageGraph();
    g.add("m1/A.java", "package org.vqpop.a;\nimport org.vqpop.b.B;\nclass A {}\n");
    g.add("m1/B.java", "package org.vqpop.b;\nclass B { org.vqpop.c.C c; }\n");
    g.add("m2/C.java", "package org.vqpop.c;\nimport static org.vqpop.a.A.run;\nclass C {}\n");
    g.add("m2/D.java", "package org.vqpop.d;\nimport org.vqpop.a.*;\nclass D {}\n"); // uses the cycle, not in it
    assertThat(g.cycles()).singleElement().asString()
        .startsWith("cycle among [org.vqpop.a, org.vqpop.b, org.vqpop.c]:")
        .contains("org.vqpop.a -> org.vqpop.b [m1/A.java]", "org.vqpop.b -> org.vqpop.c [m1/B.java]",
            "org.vqpop.c -> org.vqpop.a [m2/C.java]")
        .doesNotContain("org.vqpop.d");
  }

  @Test
  void namesInCommentsAndLiteralsAreNoDependency() {
    PackageGraph g = new PackageGraph();
    g.add("A.java", "package org.vqpop.a;\n/** See {@link org.vqpop.b.B}. */\nclass A {\n"
        + "  // org.vqpop.c.C\n  String s = \"org.vqpop.d.D\"; char q = '\"'; String t = \"\"\"\n"
        + "    org.vqpop.e.E\"\"\";\n  org.vqpop.f.F real;\n}\n");
    assertThat(g.uses("org.vqpop.a")).containsExactly("org.vqpop.f");
  }

  static final Pattern NETWORK =
      Pattern.compile("\\b(java\\.net|javax\\.net|java\\.nio\\.channels|java\\.sql)\\.");
  static final Pattern PROTOCOL = Pattern.compile("\\borg\\.vqpop\\.pop3\\b");

  @Test
  void engineStoreAndAuthUseNoNetworkOrJdbc() throws IOException {
    assertThat(violations(List.of("pop3", "lmtp", "delivery", "store", "auth", "domain", "directory", "login"), NETWORK)).isEmpty();
  }

  @Test
  void thePatternsCatchWhatTheyShould() {
    assertThat(NETWORK.matcher("import java.net.Socket;").find()).isTrue();
    assertThat(NETWORK.matcher("import java.nio.channels.FileChannel;").find()).isTrue();
    assertThat(NETWORK.matcher("javax.net.ssl.SSLSocket s;").find()).isTrue();
    assertThat(NETWORK.matcher("import java.nio.file.Path;").find()).isFalse();
    assertThat(PROTOCOL.matcher("import org.vqpop.pop3.Pop3Session;").find()).isTrue();
  }

  @Test
  void storageKnowsNoProtocol() throws IOException {
    assertThat(violations(List.of("store", "maildir", "wire"), PROTOCOL)).isEmpty();
  }

  @Test
  void everyPackageIsNullMarkedAndDescribed() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(MAIN)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        Path info = d.resolve("package-info.java");
        if (!Files.exists(info)) {
          missing.add(d.getFileName() + ": no package-info.java");
          continue;
        }
        String text = Files.readString(info);
        if (!text.contains("@NullMarked") || !text.contains("/**")) {
          missing.add(d.getFileName() + ": not @NullMarked or no description");
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /** Lines outside comments that match {@code forbidden}, as "file:line: text". */
  static List<String> violations(List<String> packages, Pattern forbidden) throws IOException {
    List<String> found = new ArrayList<>();
    for (String pkg : packages) {
      Path dir = MAIN.resolve(pkg);
      assertThat(dir).isDirectory();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(f);
          boolean inComment = false;
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (inComment) {
              inComment = !line.contains("*/");
              continue;
            }
            if (line.startsWith("/*")) {
              inComment = !line.contains("*/");
              continue;
            }
            if (line.startsWith("//") || line.startsWith("*")) {
              continue;
            }
            if (forbidden.matcher(line).find()) {
              found.add(f.getFileName() + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    return found;
  }
}
