package org.vqpop.maildir;

import java.nio.file.Path;

/** Run in a child JVM by {@link LockTableTest}: locks a maildrop in a table, says so, waits. */
public final class LockTableHolder {
  private LockTableHolder() {}

  public static void main(String[] args) throws Exception {
    LockTable.Held held = LockTable.of(Path.of(args[0])).tryLock(Path.of(args[1]));
    System.out.println(held == null ? "busy" : "held");
    System.out.flush();
    System.in.read(); // hold the lock until the parent closes our stdin or kills us
    if (held != null) {
      held.close();
    }
  }
}
