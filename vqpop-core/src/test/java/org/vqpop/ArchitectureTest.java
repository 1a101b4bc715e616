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
 * {@code @NullMarked}.
 */
class ArchitectureTest {
  static final Path MAIN = Path.of("src/main/java/org/vqpop");

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
