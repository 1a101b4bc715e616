package org.vqpop.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.vqpop.maildir.MaildirDeliverer;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Maildirs;
import org.vqpop.maildir.MessageBody;

/**
 * Delivers one received message to one resolved recipient: refuses a loop, prepends {@code
 * Return-Path:} and {@code Delivered-To:} (and the message's {@link Trace} as {@code Received:},
 * when it has one: LMTP's), and stores the copy in the recipient's Maildir within its quota. A
 * spooled message is copied from its spool file in bounded chunks, one copy per recipient.
 * Thread-safe.
 */
public final class DeliveryAgent {
  private final MaildirDeliverer deliverer;
  private final boolean quotaTemporary;
  private final Clock clock;

  /**
   * @param quotaTemporary whether a full mailbox is a temporary failure ({@code 452 4.2.2}, the
   *     sender keeps trying until its queue lifetime ends) rather than a permanent one ({@code 552
   *     5.2.2}, bounced at once)
   */
  public DeliveryAgent(MaildirDeliverer deliverer, boolean quotaTemporary) {
    this(deliverer, quotaTemporary, Clock.systemUTC());
  }

  /** @param clock for {@link #precheck}'s staleness test of {@code maildirsize} */
  public DeliveryAgent(MaildirDeliverer deliverer, boolean quotaTemporary, Clock clock) {
    this.deliverer = deliverer;
    this.quotaTemporary = quotaTemporary;
    this.clock = clock;
  }

  /**
   * What one delivery did.
   *
   * @param file the name in {@code new/} when delivered
   * @param detail for the log when it failed, never for a client
   */
  public record Outcome(Status status, @Nullable String file, @Nullable String detail) {}

  /**
   * Delivers {@code message} from {@code sender} (the envelope sender, empty for bounces) to
   * {@code rcpt}.
   */
  public Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message) {
    return deliver(rcpt, sender, message, null);
  }

  /**
   * Delivers {@code message} to {@code rcpt} for a program run by an MTA ({@code vqpop deliver}),
   * which may have put its own {@code Return-Path:} and {@code Delivered-To:} on top.
   *
   * @param mta what {@link DeliveryTrace} made of those fields for this recipient: the loop check
   *     and the fields to replace; null when nothing was prepended (LMTP), and then any {@code
   *     Delivered-To:} for the recipient is a loop
   */
  public Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message,
      DeliveryTrace.@Nullable Verdict mta) {
    String who = "<" + rcpt.mailbox() + ">";
    if (message.tooLarge()) {
      return new Outcome(new Status(552, "5.3.4", who + " message too big"), null, "over size limit");
    }
    if (message.failure() != null) {
      return new Outcome(new Status(451, "4.3.0", who + " temporary failure, try again later"), null,
          "message not kept: " + message.failure());
    }
    String loop = mta != null ? mta.loop()
        : message.hasDeliveredTo(rcpt.mailbox()) ? "Delivered-To: " + rcpt.mailbox() + " already in the header" : null;
    if (loop != null) {
      return new Outcome(new Status(554, "5.4.6", who + " mail loop: already delivered to this address"), null, loop);
    }
    DeliveryTrace.Verdict drop = mta != null ? mta : DeliveryTrace.Verdict.NONE;
    Trace trace = message.trace();
    byte[] prefix = ("Return-Path: <" + clean(sender) + ">\nDelivered-To: " + rcpt.mailbox() + "\n"
        + (trace != null ? trace.header(rcpt.mailbox()) : "")).getBytes(StandardCharsets.UTF_8);
    // Each LF of the added fields is one more octet in the RFC 1939 size.
    int prefixLines = 0;
    for (byte b : prefix) {
      prefixLines += b == '\n' ? 1 : 0;
    }
    long prefixCrlf = prefix.length + prefixLines;
    MessageBody body = new MessageBody() {
      @Override
      public long storedSize() {
        return prefix.length + message.size() - drop.droppedBytes();
      }

      @Override
      public long crlfSize() {
        return prefixCrlf + message.crlfSize() - drop.droppedCrlfBytes();
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(prefix);
        message.writeTo(drop.filter(out));
      }
    };
    return switch (deliverer.deliver(rcpt.maildir(), body, rcpt.quota())) {
      case MaildirDeliverer.Delivered d -> new Outcome(new Status(250, "2.0.0", who + " delivered"), d.name(), null);
      case MaildirDeliverer.OverQuota q -> new Outcome(quotaFull(who), null,
          "quota " + q.quota() + ", in use " + q.usage().bytes() + " bytes in " + q.usage().messages() + " messages");
      case MaildirDeliverer.Failed f -> new Outcome(
          new Status(451, "4.3.0", who + " temporary failure, try again later"), null, f.detail());
    };
  }

  /**
   * Refuses {@code rcpt} before the message is sent when its mailbox is already full, or cannot
   * take {@code size} more octets: the check {@link #deliver} makes, without writing anything
   * (it may recompute a stale {@code maildirsize}). Null when the message may come; a failure to
   * read the usage is no reason to refuse, {@link #deliver} decides then.
   */
  public @Nullable Status precheck(RecipientResolver.Resolved rcpt, long size) {
    if (rcpt.quota().unlimited() || !Maildirs.isMaildir(rcpt.maildir())) {
      return null;
    }
    try {
      if (MaildirSize.check(rcpt.maildir(), rcpt.quota(), Math.max(0, size), clock.instant()).allowed()) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return quotaFull("<" + rcpt.mailbox() + ">");
  }

  private Status quotaFull(String who) {
    return quotaTemporary ? new Status(452, "4.2.2", who + " mailbox full") : new Status(552, "5.2.2", who + " mailbox full");
  }

  /** The sender as it may appear in a header: nothing that could end the line. */
  private static String clean(String sender) {
    StringBuilder b = new StringBuilder(sender.length());
    for (int i = 0; i < sender.length(); i++) {
      char c = sender.charAt(i);
      if (c >= 0x20 && c != 0x7f && c != '<' && c != '>') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
