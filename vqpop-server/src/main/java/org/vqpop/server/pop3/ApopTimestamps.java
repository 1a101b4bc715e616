package org.vqpop.server.pop3;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The greeting's {@code <process-id.counter.clock@host>} (RFC 1939 §7): it must differ for every
 * greeting the server ever sends, which the process id, a counter and the start time make sure
 * of, as qmail-popup's {@code <pid.time@host>} does.
 */
final class ApopTimestamps {
  private final String suffix;
  private final AtomicLong counter = new AtomicLong();
  private final long pid = ProcessHandle.current().pid();
  private final long started = System.currentTimeMillis();

  ApopTimestamps(String host) {
    this.suffix = "@" + host.replaceAll("[^A-Za-z0-9.-]", "") + ">";
  }

  String next() {
    return "<" + pid + "." + counter.incrementAndGet() + "." + started + suffix;
  }
}
