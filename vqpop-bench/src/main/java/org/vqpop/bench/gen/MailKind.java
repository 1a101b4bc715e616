package org.vqpop.bench.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Who delivered a maildrop's mail, as told by the message file names. A POP3 server that takes a
 * message's RFC 1939 size from {@code ,W=} in its name has to open and read every message whose
 * name has none, so the name format decides what a login costs. The formats, as the deliverers'
 * sources write them:
 *
 * <ul>
 *   <li>{@link #QMAIL}: qmail-local's {@code maildir_child} (qmail 1.03, netqmail, notqmail) names
 *       a message {@code TIME.PID.host}; the later maildir(5) form {@code TIME.MusecPpid.host} is
 *       what patched qmail-locals and most other qmail-era deliverers write. No size in either. The
 *       older half of a maildrop gets the first form, the newer half the second.
 *   <li>{@link #POSTFIX}: Postfix's virtual(8) and local(8) ({@code maildir.c}) name the file
 *       {@code TIME.VdevIinoMusec.host}, device and inode in hex, after creating it in tmp/ (there
 *       is no {@code P} part: the inode makes the name unique). No size.
 *   <li>{@link #DOVECOT}: Dovecot's LDA and LMTP ({@code maildir_filename_generate}, then
 *       {@code maildir_get_dest_filename} at commit) write {@code TIME.MusecPpid.host,S=size} and
 *       add {@code ,W=vsize} when the virtual (CRLF) size is known at save time, which it is for a
 *       message parsed while it is saved, as LDA and LMTP do (Debian's Dovecot 2.3.19
 *       {@code dovecot-lda}, run here, wrote {@code 1796194173.M651357P10402.vm,S=62,W=68}).
 *   <li>{@link #VQPOP}: vqpop's own deliverer, {@code TIME.MusecPpidQn.host,S=size,W=crlf-size}:
 *       the best case for vqpop.
 *   <li>{@link #MIX}: a maildrop of the qmail era that vqpop delivered to since: the older 70% named
 *       as {@link #QMAIL}, the newer 30% as {@link #VQPOP}.
 * </ul>
 *
 * <p>Every deliverer leaves the file's mtime at the delivery time its name starts with; the
 * generator does the same.
 */
public enum MailKind {
  QMAIL,
  POSTFIX,
  DOVECOT,
  VQPOP,
  MIX;

  /** The host part of every generated name. */
  static final String HOST = "mail.bench.example";

  /** The name used on command lines and in user names ({@code qmail}, {@code postfix}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MailKind of(String id) {
    for (MailKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown mail kind " + id + " (qmail, postfix, dovecot, vqpop or mix)");
  }

  /** A comma-separated list of kinds, in the order given. */
  public static List<MailKind> list(String ids) {
    List<MailKind> out = new ArrayList<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        out.add(of(id.trim()));
      }
    }
    return out;
  }

  /**
   * The base name (no {@code :2,} info) of message {@code i} of {@code count} delivered at
   * {@code time}, {@code size} octets as stored and {@code crlf} octets on the wire; {@code r}
   * supplies the microseconds, pids and inodes.
   */
  String base(int i, int count, long time, long size, long crlf, SplittableRandom r, State s) {
    return switch (this) {
      case QMAIL -> i < count / 2
          ? time + "." + s.pid(r) + "." + HOST
          : time + ".M" + r.nextInt(1_000_000) + "P" + s.pid(r) + "." + HOST;
      case POSTFIX -> time + ".V" + Long.toHexString(s.device) + "I" + Long.toHexString(s.inode(r)) + "M"
          + r.nextInt(1_000_000) + "." + HOST;
      case DOVECOT -> time + ".M" + r.nextInt(1_000_000) + "P" + s.pid(r) + "." + HOST + ",S=" + size + ",W=" + crlf;
      case VQPOP -> time + ".M" + r.nextInt(1_000_000) + "P" + s.pid(r) + "Q" + (i + 1) + "." + HOST + ",S=" + size
          + ",W=" + crlf;
      case MIX -> (i < count * 7L / 10 ? QMAIL : VQPOP).base(i, count, time, size, crlf, r, s);
    };
  }

  /**
   * What changes from one delivery to the next in one maildrop: the deliverer's pid (qmail-local
   * and Dovecot's LDA are new processes, pids grow and wrap), the inode of the next file.
   */
  static final class State {
    private int pid;
    private long inode;
    final long device = 0xfd01;

    State(SplittableRandom r) {
      pid = 1000 + r.nextInt(30_000);
      inode = 100_000 + r.nextInt(5_000_000);
    }

    int pid(SplittableRandom r) {
      pid += 1 + r.nextInt(40);
      if (pid > 4_194_304) {
        pid = 300 + r.nextInt(1000);
      }
      return pid;
    }

    long inode(SplittableRandom r) {
      inode += 1 + r.nextInt(200);
      return inode;
    }
  }
}
