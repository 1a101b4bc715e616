package org.vqpop.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vqpop aot-training DIR}: the administrative commands' AOT training run (see {@link
 * AotTraining#admin}). Hidden: {@code bin/vqpop aot} runs it under the JVM's recording mode, with
 * the JVM options of the administrative commands; {@code vqpop serve --aot-training DIR} is the
 * server's. DIR is a scratch directory it may fill.
 */
@Command(name = "aot-training", hidden = true, description = "The AOT cache's training run for the admin commands (run by bin/vqpop aot).")
final class AotTrainingCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "A scratch directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try {
      return AotTraining.admin(dir, System.err);
    } catch (AotTraining.TrainingFailed e) {
      System.err.println("vqpop aot: admin training failed: " + e.getMessage());
      return Launcher.EXIT_TEMP;
    }
  }
}
