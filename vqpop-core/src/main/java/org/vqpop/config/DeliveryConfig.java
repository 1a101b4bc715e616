package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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

  /** The table as the file gives it; absent keys take the defaults. */
  @JsonCreator
  static DeliveryConfig bind(
      @JsonProperty("max_message_size") @Nullable JsonNode size,
      @JsonProperty("detail_separators") @Nullable String separators,
      @JsonProperty("quota_full") @Nullable String full,
      @JsonProperty("hostname") @Nullable String hostname,
      @JsonProperty("spool_threshold") @Nullable JsonNode threshold,
      @JsonProperty("spool_dir") @Nullable String spoolDir) {
    DeliveryConfig d = DEFAULTS;
    boolean temporary = d.quotaFullTemporary();
    if (full != null) {
      temporary = switch (full.toLowerCase(Locale.ROOT)) {
        case "permanent" -> false;
        case "temporary" -> true;
        default -> throw new KeyProblem("quota_full", "must be \"permanent\" or \"temporary\"");
      };
    }
    try {
      return new DeliveryConfig(size != null ? size("max_message_size", size) : d.maxMessageSize(),
          separators != null ? separators : d.detailSeparators(), temporary, hostname,
          threshold != null ? size("spool_threshold", threshold) : d.spoolThreshold(),
          spoolDir != null ? Path.of(spoolDir) : null);
    } catch (KeyProblem e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new KeyProblem(e.getMessage().startsWith("hostname") ? "hostname" : "detail_separators", e.getMessage());
    }
  }

  private static long size(String key, JsonNode n) {
    String text;
    if (n.isIntegralNumber()) {
      text = Long.toString(n.asLong());
    } else if (n.isString()) {
      text = n.asString();
    } else {
      throw new KeyProblem(key, "must be a string or a whole number");
    }
    try {
      return parseSize(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new KeyProblem(key, e.getMessage());
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
