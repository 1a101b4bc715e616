package org.vqpop.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says whether the JVM uses the AOT cache the launcher gave it. {@code bin/vqpop} passes the
 * cache's path as {@code -Dvqpop.aot.cache} next to {@code -XX:AOTCache}; the JVM, which checks
 * the cache against its own build, options and class path, silently goes on without one it
 * cannot use (the launcher turns its {@code aot} log off, since that log goes to standard
 * output). A JVM that maps a cache reports "sharing" in {@code java.vm.info}; one that gave up on
 * it does not (it then uses no class data sharing at all, not even the JDK's default archive).
 */
final class AotCacheStatus {
  private static final Logger log = LoggerFactory.getLogger(AotCacheStatus.class);

  private AotCacheStatus() {}

  /** The cache named by the launcher, if any, and whether the JVM uses it. */
  record Status(String cache, boolean used) {}

  static @org.jspecify.annotations.Nullable Status current() {
    String cache = System.getProperty("vqpop.aot.cache");
    if (cache == null || cache.isEmpty()) {
      return null;
    }
    String info = System.getProperty("java.vm.info", "");
    return new Status(cache, info.contains("sharing"));
  }

  /** One line in the server's log: the cache in use, or that the JVM refused it. */
  static void log() {
    Status s = current();
    if (s == null) {
      return;
    }
    if (s.used()) {
      log.info("AOT cache {} in use", s.cache());
    } else {
      log.warn("AOT cache {} was refused by this JVM (it was made for another JVM, options or class path); "
          + "running without it: run 'vqpop aot' to make a new one, VQPOP_JAVA_OPTS=-Xlog:aot to see why", s.cache());
    }
  }
}
