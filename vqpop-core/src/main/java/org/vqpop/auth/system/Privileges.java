package org.vqpop.auth.system;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The process's user and group ids, and giving up root for good before running a user's program
 * (checkpassword does this between its fork and exec; Java has no exec and its fork is not ours,
 * so the whole JVM drops its privileges, then starts the program).
 *
 * <p>Why the whole process is safe: glibc's {@code setuid}/{@code setgid}/{@code setgroups} apply
 * to every thread of the process (POSIX semantics, done with a signal to each thread), so no JVM
 * thread keeps root; the change is checked afterwards, including that {@code setuid(0)} now fails.
 * The caller must not need root afterwards: it should only start the program and wait for it.
 */
public final class Privileges {
  private Privileges() {}

  /** How giving up root went. */
  public sealed interface Drop {}

  /** The process now runs as the requested ids only, and cannot get root back. */
  public record Dropped(int uid, int gid) implements Drop {}

  /** The change failed or could not be verified; the caller must not start anything. */
  public record Refused(String detail) implements Drop {}

  private static final class Libc {
    static final NativeLibrary LIB = NativeLibrary.getInstance("c");
    static final Function GETEUID = LIB.getFunction("geteuid");
    static final Function GETUID = LIB.getFunction("getuid");
    static final Function GETEGID = LIB.getFunction("getegid");
    static final Function GETGID = LIB.getFunction("getgid");
    static final Function SETUID = LIB.getFunction("setuid");
    static final Function SETGID = LIB.getFunction("setgid");
    static final Function SETGROUPS = LIB.getFunction("setgroups");
  }

  /** The effective user id, from the kernel (not from {@code user.name}). */
  public static int effectiveUid() {
    return Libc.GETEUID.invokeInt(new Object[0]);
  }

  /**
   * Sets supplementary groups to {@code gid} alone, then the real and effective group and user
   * ids (in that order: only root may change groups). Refuses uid or gid 0.
   */
  public static Drop dropTo(int uid, int gid) {
    if (uid <= 0 || gid < 0) {
      return new Refused("will not run as uid " + uid + " gid " + gid);
    }
    try {
      if (Libc.SETGROUPS.invokeInt(new Object[] {1L, new int[] {gid}}) != 0) {
        return new Refused("setgroups(" + gid + ") failed: errno " + Native.getLastError());
      }
      if (Libc.SETGID.invokeInt(new Object[] {gid}) != 0) {
        return new Refused("setgid(" + gid + ") failed: errno " + Native.getLastError());
      }
      if (Libc.SETUID.invokeInt(new Object[] {uid}) != 0) {
        return new Refused("setuid(" + uid + ") failed: errno " + Native.getLastError());
      }
      int ruid = Libc.GETUID.invokeInt(new Object[0]);
      int euid = Libc.GETEUID.invokeInt(new Object[0]);
      int rgid = Libc.GETGID.invokeInt(new Object[0]);
      int egid = Libc.GETEGID.invokeInt(new Object[0]);
      if (ruid != uid || euid != uid || rgid != gid || egid != gid) {
        return new Refused("ids after the change are uid " + ruid + "/" + euid + ", gid " + rgid + "/" + egid);
      }
      if (Libc.SETUID.invokeInt(new Object[] {0}) == 0) {
        return new Refused("setuid(0) still succeeds after dropping root");
      }
      return new Dropped(uid, gid);
    } catch (LinkageError e) {
      return new Refused("cannot call libc: " + e.getMessage());
    }
  }
}
