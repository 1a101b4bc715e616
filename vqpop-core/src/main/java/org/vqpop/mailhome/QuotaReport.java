package org.vqpop.mailhome;

import org.jspecify.annotations.Nullable;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Quota;

/**
 * A user's quota and what the user's Maildir holds against it.
 *
 * @param own the user's own quota, from its {@code poppasswd} line; a part that is 0 is taken from
 *     the domain's default
 * @param domainDefault the domain's default, {@code DOMAINDIR/quota}
 * @param effective what deliveries enforce: {@code own}, each unset part from {@code domainDefault}
 * @param usage stored bytes and messages in {@code new/} and {@code cur/}
 * @param source where {@code usage} comes from
 */
public record QuotaReport(Quota own, Quota domainDefault, Quota effective, MaildirSize.Usage usage, Source source) {

  /** Where a usage figure comes from. */
  public enum Source {
    /** The Maildir++ {@code maildirsize}, which was written for the effective quota. */
    MAILDIRSIZE,
    /** Counted from the Maildir, as there is no {@code maildirsize} for this quota. */
    SCAN,
    /** There is no Maildir (yet): nothing is held. */
    NO_MAILDIR
  }

  /** The share of the byte limit used, in percent with one decimal; null when bytes are not limited. */
  public @Nullable Double bytesPercent() {
    return percent(usage.bytes(), effective.bytes());
  }

  /** The share of the message limit used, in percent with one decimal; null when not limited. */
  public @Nullable Double messagesPercent() {
    return percent(usage.messages(), effective.messages());
  }

  static @Nullable Double percent(long used, long limit) {
    return limit == 0 ? null : Math.round(used * 1000.0 / limit) / 10.0;
  }
}
