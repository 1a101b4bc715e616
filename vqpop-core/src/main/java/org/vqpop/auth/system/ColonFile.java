package org.vqpop.auth.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The shared shape of {@code passwd(5)} and {@code shadow(5)}: colon-separated lines keyed by name. */
final class ColonFile {
  private ColonFile() {}

  /** The fields of the first line for {@code name} with at least {@code minFields}; null if none. */
  static String @Nullable [] find(Path file, String name, int minFields) throws IOException {
    String prefix = name + ":";
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(prefix)) {
          String[] f = line.split(":", -1);
          if (f.length >= minFields) {
            return f;
          }
        }
      }
    }
    return null;
  }
}
