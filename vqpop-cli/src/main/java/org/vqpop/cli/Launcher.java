package org.vqpop.cli;

/** Entry point of every command; dispatches on the name it was started under. */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    System.out.println("vqpop");
  }
}
