package org.vqpop.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file's {@code [delivery]} table, shared by the LMTP server and {@code vqpop
 * deliver}: how incoming mail is accepted and stored. Validated at construction.
 *
 * <pre>
 * [delivery]
 * max_message_size = "50M"        # octets, or with a unit k, M, G (powers of 1024)
 * detail_separators = "+-"        # joe+lists@ and joe-lists@ reach joe; "" for none
 * quota_full = "permanent"        # 552 5.2.2 (bounce at once), or "temporary": 452 4.2.2
 * hostname = "mx1.example.org"    # in Maildir file names; default: this machine's name
 * spool_threshold = "1M"          # larger messages go to a spool file while delivered
 * spool_dir = "/var/mailhome/.vqpop-spool"   # the default: MAILHOME/.vqpop-spool
 * </pre>
 *
 * @param maxMessageSize the largest message accepted, in octets (the SIZE the LHLO reply
 *     announces, RFC 1870), checked as the bytes arrive
 * @param quotaFullTemporary whether a full mailbox is a temporary failure
 * @param hostname the host name for Maildir unique names, or null for the machine's
 * @param spoolThreshold the octets a message may hold in memory; a larger one goes to a spool
 *     file, so memory per delivery stays bounded whatever the size
 * @param spoolDir where spool files go, or null for {@code MAILHOME/.vqpop-spool}
 */
public record DeliveryConfig(long maxMessageSize, String detailSeparators, boolean quotaFullTemporary,
    @Nullable String hostname, long spoolThreshold, @Nullable Path spoolDir) {

  /** 50 MiB: larger than what most providers accept (25-35 MB). */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;

  /** 1 MiB: most mail is smaller and stays in memory; 1,000 connections then hold at most ~1 GiB. */
  public static final long DEFAULT_SPOOL_THRESHOLD = 1024L * 1024;

  public static final DeliveryConfig DEFAULTS = new DeliveryConfig(DEFAULT_MAX_MESSAGE_SIZE, "+-", false, null);

  /** The keys of the table, for {@link ConfigFile#KNOWN_KEYS}. */
  static final List<String> KEYS = List.of("delivery", "delivery.max_message_size", "delivery.detail_separators",
      "delivery.quota_full", "delivery.hostname", "delivery.spool_threshold", "delivery.spool_dir");

  /** With the default spool (past 1 MiB, in {@code MAILHOME/.vqpop-spool}). */
  public DeliveryConfig(long maxMessageSize, String detailSeparators, boolean quotaFullTemporary,
      @Nullable String hostname) {
    this(maxMessageSize, detailSeparators, quotaFullTemporary, hostname, DEFAULT_SPOOL_THRESHOLD, null);
  }

  public DeliveryConfig {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("the maximum message size must be positive");
    }
    if (spoolThreshold < 1) {
      throw new IllegalArgumentException("the spool threshold must be positive");
    }
    for (int i = 0; i < detailSeparators.length(); i++) {
      char c = detailSeparators.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '@' || c == '<' || c == '>' || c == '"') {
        throw new IllegalArgumentException("detail separators must be printable ASCII, not @, <, > or \"");
      }
    }
    if (hostname != null && (hostname.isBlank() || !hostname.strip().equals(hostname))) {
      throw new IllegalArgumentException("hostname must not be empty or have spaces around it");
    }
  }

  /** Reads the table; absent keys take the defaults. Each error names its key. */
  static DeliveryConfig read(ConfigFile file) throws ConfigException {
    DeliveryConfig d = DEFAULTS;
    long size = d.maxMessageSize();
    String text = file.scalar("delivery.max_message_size");
    if (text != null) {
      try {
        size = parseSize(text);
      } catch (IllegalArgumentException e) {
        throw file.invalid("delivery.max_message_size", e.getMessage());
      }
    }
    String seps = file.string("delivery.detail_separators");
    String full = file.string("delivery.quota_full");
    boolean temporary = d.quotaFullTemporary();
    if (full != null) {
      temporary = switch (full.toLowerCase(Locale.ROOT)) {
        case "permanent" -> false;
        case "temporary" -> true;
        default -> throw file.invalid("delivery.quota_full", "must be \"permanent\" or \"temporary\"");
      };
    }
    String host = file.string("delivery.hostname");
    long threshold = d.spoolThreshold();
    String t = file.scalar("delivery.spool_threshold");
    if (t != null) {
      try {
        threshold = parseSize(t);
      } catch (IllegalArgumentException e) {
        throw file.invalid("delivery.spool_threshold", e.getMessage());
      }
    }
    Path spoolDir = file.path("delivery.spool_dir");
    try {
      return new DeliveryConfig(size, seps != null ? seps : d.detailSeparators(), temporary, host, threshold,
          spoolDir);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file.file() + ": [delivery]: " + e.getMessage());
    }
  }

  /**
   * A size as an administrator writes it: octets ({@code 52428800}) or a number with a unit
   * {@code k}, {@code M} or {@code G} (powers of 1024, as in Maildir++ quotas and {@code
   * Quota.parse}), optionally followed by {@code B}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static long parseSize(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> unit = 1024L;
        case 'm' -> unit = 1024L * 1024;
        case 'g' -> unit = 1024L * 1024 * 1024;
        default -> {}
      }
      if (unit != 1) {
        t = t.substring(0, t.length() - 1).strip();
      }
    }
    if (t.isEmpty() || t.length() > 15 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("'" + text + "' is not a size (write e.g. 52428800, 50M or 1G)");
    }
    long v = Math.multiplyExact(Long.parseLong(t), unit);
    if (v < 1) {
      throw new IllegalArgumentException("'" + text + "': must be positive");
    }
    return v;
  }
}
