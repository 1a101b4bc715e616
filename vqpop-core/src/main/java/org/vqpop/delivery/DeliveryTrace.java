package org.vqpop.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The trace fields at the top of a message that an MTA hands to {@code vqpop deliver}, and what
 * they say about a mail loop.
 *
 * <p>An MTA that runs a delivery program may put its own fields for this very delivery on top of
 * the message: Postfix's pipe(8) with {@code flags=DRO} prepends {@code Return-Path:}, {@code
 * X-Original-To:} and {@code Delivered-To: recipient}, and makes its {@code D} flag its own loop
 * check; Exim's {@code return_path_add} prepends a {@code Return-Path:}. Taken for a mark of an
 * earlier delivery, that {@code Delivered-To:} would bounce every message as a loop; kept, the
 * stored copy would carry two {@code Return-Path:} and two {@code Delivered-To:}. So:
 *
 * <ul>
 *   <li>the <em>leading block</em> is the run of {@code Return-Path:}, {@code Delivered-To:} and
 *       {@code X-Original-To:} fields at the very top, before any other field. Anything that has
 *       travelled carries a {@code Received:} above older trace fields, so this block is what the
 *       invoking MTA added just now;
 *   <li>the first {@code Delivered-To:} in the leading block that names the recipient (as the MTA
 *       gave it, or the user's own address it resolved to) is the MTA's mark for this delivery:
 *       not a loop, and replaced by vqpop's own {@code Delivered-To: user@domain};
 *   <li>every {@code Return-Path:} in the leading block is replaced by vqpop's one;
 *   <li>any other {@code Delivered-To:} naming the recipient, anywhere in the header, means the
 *       message was delivered to this mailbox before and has come back: a loop.
 * </ul>
 *
 * <p>qmail-local prepends nothing for a program (its {@code Delivered-To:} goes into {@code
 * $DTLINE}); a plain pipe prepends nothing either. Then there is no leading block and every {@code
 * Delivered-To:} naming the recipient is a loop, as for LMTP. Only the first {@link #HEAD_LIMIT}
 * octets of the header are read. Immutable.
 */
public final class DeliveryTrace {
  /** How much of the header is looked at, as for {@link IncomingMessage#hasDeliveredTo}. */
  public static final int HEAD_LIMIT = 256 * 1024;

  /** One header field: its name, unfolded value and octets {@code [start, end)} with its line ends. */
  private record Field(String name, String value, int start, int end, boolean leading) {
    boolean is(String n) {
      return name.equalsIgnoreCase(n);
    }
  }

  private final byte[] head;
  private final List<Field> fields;

  private DeliveryTrace(byte[] head, List<Field> fields) {
    this.head = head;
    this.fields = fields;
  }

  /** Reads the header of {@code message}. */
  public static DeliveryTrace of(IncomingMessage message) {
    return parse(message.head(HEAD_LIMIT));
  }

  static DeliveryTrace parse(byte[] head) {
    List<Field> fields = new ArrayList<>();
    boolean leading = true;
    int start = -1;
    int pos = 0;
    while (pos < head.length) {
      int lf = indexOf(head, pos, (byte) '\n');
      if (lf < 0) {
        break; // a line cut off by the limit: the field it starts is not known in full
      }
      boolean empty = lf == pos || (lf == pos + 1 && head[pos] == '\r');
      boolean continuation = !empty && (head[pos] == ' ' || head[pos] == '\t');
      if (!continuation && start >= 0) {
        Field f = field(head, start, pos, leading);
        leading = f.leading();
        fields.add(f);
        start = -1;
      }
      if (empty) {
        break;
      }
      if (!continuation) {
        start = pos;
      }
      pos = lf + 1;
    }
    if (start >= 0 && pos == head.length) {
      fields.add(field(head, start, pos, leading)); // a message that is all header
    }
    return new DeliveryTrace(head, List.copyOf(fields));
  }

  /**
   * The field in {@code head[start, end)}, in the leading block if the fields before it were and
   * it is a trace field. A line without a colon is no field; it ends the leading block.
   */
  private static Field field(byte[] head, int start, int end, boolean leadingBefore) {
    String text = new String(head, start, end - start, StandardCharsets.ISO_8859_1);
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return new Field("", "", start, end, false);
    }
    String name = text.substring(0, colon).strip();
    String value = text.substring(colon + 1).replaceAll("\r?\n[ \t]*", " ").strip();
    boolean trace = name.equalsIgnoreCase("Return-Path") || name.equalsIgnoreCase("Delivered-To")
        || name.equalsIgnoreCase("X-Original-To");
    return new Field(name, value, start, end, leadingBefore && trace);
  }

  private static int indexOf(byte[] b, int from, byte x) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The envelope sender the MTA wrote into the leading block's {@code Return-Path:}, without its
   * angle brackets; null if there is none. For when the command line does not give the sender.
   */
  public @Nullable String returnPath() {
    for (Field f : fields) {
      if (!f.leading()) {
        break;
      }
      if (f.is("Return-Path")) {
        return bare(f.value());
      }
    }
    return null;
  }

  /**
   * What this header means for delivering to one recipient.
   *
   * @param envelopeRecipient the address as the MTA gave it, e.g. {@code joeuser+news@acme.com}
   * @param mailbox the user's own address it resolved to, e.g. {@code joeuser@acme.com}
   */
  public Verdict verdict(String envelopeRecipient, String mailbox) {
    String given = bare(envelopeRecipient).toLowerCase(Locale.ROOT);
    String own = bare(mailbox).toLowerCase(Locale.ROOT);
    List<int[]> drop = new ArrayList<>();
    boolean mtaMark = false;
    String loop = null;
    for (Field f : fields) {
      boolean names = f.is("Delivered-To") && matches(f.value(), given, own);
      if (f.leading() && f.is("Return-Path")) {
        drop.add(new int[] {f.start(), f.end()});
      } else if (names && f.leading() && !mtaMark) {
        mtaMark = true;
        drop.add(new int[] {f.start(), f.end()});
      } else if (names && loop == null) {
        loop = "Delivered-To: " + f.value() + " already in the header";
      }
    }
    long bytes = 0;
    long crlf = 0;
    for (int[] r : drop) {
      bytes += r[1] - r[0];
      crlf += r[1] - r[0];
      for (int i = r[0]; i < r[1]; i++) {
        if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r')) {
          crlf++;
        }
      }
    }
    return new Verdict(loop, List.copyOf(drop), bytes, crlf);
  }

  private static boolean matches(String value, String given, String own) {
    String v = bare(value).toLowerCase(Locale.ROOT);
    return v.equals(given) || v.equals(own);
  }

  private static String bare(String address) {
    String a = address.strip();
    return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1).strip() : a;
  }

  /**
   * The outcome for one recipient.
   *
   * @param loop why the message is a loop, for the log; null if it is not
   * @param dropped the octet ranges {@code [start, end)} of the MTA's fields that vqpop's own
   *     {@code Return-Path:} and {@code Delivered-To:} replace, in order
   * @param droppedBytes their total size
   * @param droppedCrlfBytes their size with CRLF line ends (RFC 1939)
   */
  public record Verdict(@Nullable String loop, List<int[]> dropped, long droppedBytes, long droppedCrlfBytes) {
    /** Nothing prepended, nothing to drop, no loop: what LMTP sees when there is no loop. */
    public static final Verdict NONE = new Verdict(null, List.of(), 0, 0);

    /** {@code out} without the dropped octets of the message written through it. */
    public OutputStream filter(OutputStream out) {
      return dropped.isEmpty() ? out : new Dropping(out, dropped);
    }
  }

  /** Passes the octets of a stream on, except those in the given ranges of positions. */
  private static final class Dropping extends FilterOutputStream {
    private final List<int[]> ranges;
    private long pos;

    Dropping(OutputStream out, List<int[]> ranges) {
      super(out);
      this.ranges = ranges;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long end = pos + len;
      long at = pos;
      for (int[] r : ranges) {
        if (r[1] <= at || r[0] >= end) {
          continue;
        }
        if (r[0] > at) {
          out.write(b, off + (int) (at - pos), (int) (r[0] - at));
        }
        at = Math.min(end, r[1]);
      }
      if (at < end) {
        out.write(b, off + (int) (at - pos), (int) (end - at));
      }
      pos = end;
    }
  }
}
