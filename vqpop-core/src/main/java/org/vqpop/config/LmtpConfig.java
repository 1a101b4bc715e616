package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [lmtp]} table: the LMTP listeners, off unless {@code listen} or {@code socket} is
 * given. A change takes a restart.
 *
 * <pre>
 * [lmtp]
 * listen = ["127.0.0.1:24"]        # a bare "24" means 127.0.0.1:24
 * socket = "/run/vqpop/lmtp"       # a unix domain socket
 * socket_mode = "0660"             # its permissions: the owner and the group may connect
 * max_recipients = 1000
 * data_timeout_seconds = 600       # one message's data, DATA to the final dot
 * data_min_rate = 10240            # octets/s on average, once 30 s have passed; 0 for none
 * received_header = true           # a Received: trace field on every copy
 * </pre>
 *
 * LMTP has no authentication (RFC 2033 §7): anyone who can connect can deliver to any user, so
 * listen on loopback or a unix socket that only the MTA can reach.
 *
 * @param dataTimeout the most one message's data may take, 354 to the final dot
 * @param dataMinRate octets per second the data must average once the grace (30 s, not in the
 *     file; the server's {@code DataPace.Limits}) has passed; 0 for no minimum
 * @param receivedHeader whether LMTP deliveries get a {@code Received:} field (RFC 5321 §4.4)
 */
public record LmtpConfig(List<ListenAddress> listen, @Nullable Path socket, Set<PosixFilePermission> socketMode,
    int maxRecipients, Duration dataTimeout, long dataMinRate, boolean receivedHeader) {

  public static final Set<PosixFilePermission> DEFAULT_SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
  public static final int DEFAULT_MAX_RECIPIENTS = 1000;
  public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(10);
  /** 10 KiB/s after 30 s: a 50 MB message needs 87 KB/s to make the deadline anyway. */
  public static final long DEFAULT_DATA_MIN_RATE = 10 * 1024;

  public static final LmtpConfig OFF = new LmtpConfig(List.of(), null, DEFAULT_SOCKET_MODE, DEFAULT_MAX_RECIPIENTS);

  /** With the default data limits and a {@code Received:} field. */
  public LmtpConfig(List<ListenAddress> listen, @Nullable Path socket, Set<PosixFilePermission> socketMode,
      int maxRecipients) {
    this(listen, socket, socketMode, maxRecipients, DEFAULT_DATA_TIMEOUT, DEFAULT_DATA_MIN_RATE, true);
  }

  public LmtpConfig {
    listen = List.copyOf(listen);
    socketMode = Set.copyOf(socketMode);
    if (maxRecipients < 1) {
      throw new KeyProblem("max_recipients", "must be a positive whole number");
    }
    if (dataTimeout.isNegative() || dataTimeout.isZero()) {
      throw new KeyProblem("data_timeout_seconds", "must be a positive whole number");
    }
    if (dataMinRate < 0) {
      throw new KeyProblem("data_min_rate", "must be 0 (no minimum) or a number of octets per second");
    }
  }

  @JsonCreator
  static LmtpConfig bind(
      @JsonProperty("listen") @Nullable List<String> listen,
      @JsonProperty("socket") @Nullable String socket,
      @JsonProperty("socket_mode") @Nullable String mode,
      @JsonProperty("max_recipients") @Nullable Long rcpts,
      @JsonProperty("data_timeout_seconds") @Nullable Long dataTimeout,
      @JsonProperty("data_min_rate") @Nullable Long minRate,
      @JsonProperty("received_header") @Nullable Boolean received) {
    LmtpConfig d = OFF;
    Set<PosixFilePermission> m = d.socketMode();
    if (mode != null) {
      try {
        m = mode(mode);
      } catch (IllegalArgumentException e) {
        throw new KeyProblem("socket_mode", e.getMessage());
      }
    }
    return new LmtpConfig(listen != null ? Listeners.parse(listen, LmtpConfig::address) : d.listen(),
        socket != null ? Path.of(socket) : d.socket(), m,
        rcpts != null ? Limits.positive("max_recipients", rcpts) : d.maxRecipients(),
        dataTimeout != null ? Duration.ofSeconds(Limits.positive("data_timeout_seconds", dataTimeout)) : d.dataTimeout(),
        minRate != null ? minRate : d.dataMinRate(), received != null ? received : d.receivedHeader());
  }

  public boolean enabled() {
    return !listen.isEmpty() || socket != null;
  }

  /**
   * An LMTP listen address: {@code ADDR:PORT}, or a bare {@code PORT} for {@code 127.0.0.1:PORT},
   * as LMTP belongs on loopback.
   */
  public static ListenAddress address(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return ListenAddress.parse("127.0.0.1:" + s);
    }
    return ListenAddress.parse(s);
  }

  /** An octal mode such as {@code 0660} or {@code 660}, for the socket file. */
  public static Set<PosixFilePermission> mode(String octal) {
    if (!octal.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException("'" + octal + "' is not an octal mode such as 0660");
    }
    int m = Integer.parseInt(octal, 8);
    StringBuilder b = new StringBuilder();
    String rwx = "rwx";
    for (int bit = 8; bit >= 0; bit--) {
      b.append((m & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
    }
    return PosixFilePermissions.fromString(b.toString());
  }

  /** {@code mode} as the file writes it, {@code 0660}. */
  public static String octal(Set<PosixFilePermission> mode) {
    String s = PosixFilePermissions.toString(mode);
    int m = 0;
    for (int i = 0; i < 9; i++) {
      if (s.charAt(i) != '-') {
        m |= 1 << (8 - i);
      }
    }
    return String.format("0%03o", m);
  }
}
