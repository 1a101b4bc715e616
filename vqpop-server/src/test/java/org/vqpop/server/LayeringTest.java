package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Who may touch what, checked on the sources (as core's ArchitectureTest does). */
class LayeringTest {
  static final Path MAIN = Path.of("src/main/java/org/vqpop/server");

  static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> s = Files.list(MAIN.resolve(pkg))) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void onlyPop3ConnectionReadsOrWritesAPop3Socket() throws IOException {
    for (Path p : sources("pop3")) {
      String text = Files.readString(p);
      if (!p.getFileName().toString().equals("Pop3Connection.java")) {
        assertThat(text).as(p.toString()).doesNotContain("getInputStream", "getOutputStream", "ReplyWriter");
      }
    }
  }

  @Test
  void theNetworkAndTlsLayersKnowNothingOfPop3() throws IOException {
    for (String pkg : List.of("net", "tls")) {
      for (Path p : sources(pkg)) {
        assertThat(Files.readString(p)).as(p.toString()).doesNotContain("org.vqpop.pop3", "org.vqpop.server.pop3");
      }
    }
  }
}
