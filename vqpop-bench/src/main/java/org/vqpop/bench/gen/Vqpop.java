package org.vqpop.bench.gen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code bin/vqpop} subcommands in the benchmark's mail home; output goes to a log. */
record Vqpop(Path bin, Map<String, String> env, Path log) {
  void run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    int code = pb.start().waitFor();
    if (code != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + code + " (see " + log + ")");
    }
  }
}
