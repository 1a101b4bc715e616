package org.vqpop.qmail;

import java.nio.file.Path;

/**
 * One generated line of {@code users/assign} (qmail-users(5)). An exact line {@code =local:user:uid:
 * gid:home:dash:ext:} delivers the address {@code local}; a wildcard line {@code +loc:...} every
 * address that starts with {@code loc}.
 */
public record AssignEntry(boolean wildcard, String local, String user, int uid, int gid, Path home, String dash, String ext) {

  /** {@code =PREFIX-USER:POP_USER:UID:GID:HOME:::}, for a user of a prefixed domain. */
  public static AssignEntry exact(String local, String user, int uid, int gid, Path home) {
    return new AssignEntry(false, local, user, uid, gid, home, "", "");
  }

  /** {@code +USER-:POP_USER:UID:GID:HOME:-::}, for a user of a domain without prefix. */
  public static AssignEntry wildcard(String local, String user, int uid, int gid, Path home) {
    return new AssignEntry(true, local, user, uid, gid, home, "-", "");
  }

  public String toLine() {
    return (wildcard ? "+" : "=") + local + ":" + user + ":" + uid + ":" + gid + ":" + home + ":" + dash + ":" + ext + ":";
  }
}
