package org.vqpop.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.mailhome.QuotaReport;
import org.vqpop.maildir.Quota;

/** How the commands print quotas and usage, for people and as JSON. */
final class QuotaText {
  private QuotaText() {}

  /** {@code 104857600S,5000C (100M, 5000 messages)}, or {@code none}. */
  static String describe(Quota q) {
    if (q.unlimited()) {
      return "none";
    }
    StringBuilder b = new StringBuilder(q.definition()).append(" (");
    if (q.bytes() != 0) {
      b.append(bytes(q.bytes()));
    }
    if (q.messages() != 0) {
      b.append(q.bytes() != 0 ? ", " : "").append(q.messages()).append(" messages");
    }
    return b.append(')').toString();
  }

  /** A size in the largest unit that divides it: {@code 100M}, {@code 512k}, {@code 1234 bytes}. */
  static String bytes(long n) {
    String[] units = {"T", "G", "M", "k"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (n >= unit && n % unit == 0) {
        return n / unit + units[i];
      }
    }
    return n + " bytes";
  }

  /** {@code 1234 bytes (1.2% of 100M), 1 message (no limit)}. */
  static String usage(QuotaReport r) {
    return r.usage().bytes() + " bytes (" + share(r.bytesPercent(), bytesLimit(r)) + "), "
        + r.usage().messages() + " messages (" + share(r.messagesPercent(), Long.toString(r.effective().messages()))
        + ")" + (r.source() == QuotaReport.Source.MAILDIRSIZE ? ", from maildirsize" : "");
  }

  private static String bytesLimit(QuotaReport r) {
    return bytes(r.effective().bytes());
  }

  private static String share(@Nullable Double percent, String limit) {
    return percent == null ? "no limit" : String.format(Locale.ROOT, "%.1f%% of %s", percent, limit);
  }

  static Map<String, Object> json(QuotaReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("own", r.own().toString());
    m.put("domain_default", r.domainDefault().toString());
    m.put("effective", r.effective().toString());
    m.put("bytes", r.effective().bytes());
    m.put("messages", r.effective().messages());
    return m;
  }

  static Map<String, @Nullable Object> usageJson(QuotaReport r) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("bytes", r.usage().bytes());
    m.put("messages", r.usage().messages());
    m.put("bytes_percent", r.bytesPercent());
    m.put("messages_percent", r.messagesPercent());
    m.put("source", r.source().name().toLowerCase(Locale.ROOT));
    return m;
  }
}
