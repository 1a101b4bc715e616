package org.vqpop.maildir;

import java.nio.file.Path;
import org.vqpop.store.OpenResult;

/** Run in a child JVM by {@link MaildirLockProcessTest}: opens a Maildir, says so, waits. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    OpenResult r = MaildirMailbox.open(Path.of(args[0]));
    System.out.println(r.getClass().getSimpleName());
    System.out.flush();
    System.in.read(); // hold the lock until the parent closes our stdin
    if (r instanceof OpenResult.Opened o) {
      o.mailbox().close();
    }
  }
}
