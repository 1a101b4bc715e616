package org.vqpop.mailhome;

/** Where the core reports what an administrator should know but that is not an error. */
@FunctionalInterface
public interface Notices {
  Notices NONE = message -> {};

  void notice(String message);
}
