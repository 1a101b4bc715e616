package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vqpop.config.ConfigKeys;

/**
 * The {@code vqpop.toml(5)} page is made from the shipped {@code conf/vqpop.toml}; run with
 * {@code -Dvqpop.regenerate=true} after editing that file to write the page again.
 */
class ConfigManPageIT {
  static final Path SOURCE = Path.of("src/dist/conf/vqpop.toml");
  static final Path PAGE = Path.of("src/dist/man/man5/vqpop.toml.5");

  @Test
  void theManPageIsMadeFromTheShippedFile() throws Exception {
    String made = ConfigManPage.make(Files.readAllLines(SOURCE));
    if (Boolean.getBoolean("vqpop.regenerate")) {
      Files.createDirectories(PAGE.getParent());
      Files.writeString(PAGE, made);
    }
    assertThat(Files.readString(PAGE)).as("run with -Dvqpop.regenerate=true").isEqualTo(made);
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      assertThat(made).as(k.path()).contains(".B " + ConfigManPage.escape(k.path().equals("tls.sni") ? "names" : k.name()));
    }
    // and it is in the distribution
    assertThat(Sandbox.DIST.resolve("man/man5/vqpop.toml.5")).exists();
  }

  @Test
  void manFormatsThePageWithoutWarnings() throws Exception {
    Tools.require("man", "man-db");
    Process p = new ProcessBuilder("man", "--warnings", "-l", PAGE.toString()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String text = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    assertThat(text).contains("cache_seconds", "Default: 3600").doesNotContain("warning");
  }
}
