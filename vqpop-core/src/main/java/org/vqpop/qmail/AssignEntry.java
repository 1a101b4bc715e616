package org.vqpop.qmail;

import java.nio.file.Path;

/**
 * One generated line of {@code users/assign} (qmail-users(5)). An exact line {@code =local:user:uid:
 * gid:home:dash:ext:} delivers the address {@code local}; a wildcard line {@code +loc:...} every
 * address that starts with {@code loc}.
 */
public record AssignEntry(boolean wildcard, String local, String user, int uid, int gid, Path home, String dash, String ext) {

  /**
   * {@code =LOCAL:POP_USER:UID:GID:HOME:::}: {@code PREFIX-USER} for a user of a prefixed domain, or
   * {@code USER} itself for a user of a domain without prefix. The empty dash and extension make
   * qmail-local read {@code HOME/.qmail}.
   */
  public static AssignEntry exact(String local, String user, int uid, int gid, Path home) {
    return new AssignEntry(false, local, user, uid, gid, home, "", "");
  }

  /**
   * {@code +USER-:POP_USER:UID:GID:HOME:-::}, for a user of a domain without prefix: {@code
   * USER-EXT} goes to {@code HOME/.qmail-EXT}, else {@code HOME/.qmail-default}. It does not match
   * {@code USER} itself (qmail-lspawn tries {@code USER-} only as the start of a longer address),
   * which needs the exact line beside it.
   */
  public static AssignEntry wildcard(String local, String user, int uid, int gid, Path home) {
    return new AssignEntry(true, local, user, uid, gid, home, "-", "");
  }

  public String toLine() {
    return (wildcard ? "+" : "=") + local + ":" + user + ":" + uid + ":" + gid + ":" + home + ":" + dash + ":" + ext + ":";
  }
}
