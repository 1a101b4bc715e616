package org.vqpop.server;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vqpop.lmtp.DataPace;
import org.vqpop.lmtp.LmtpSettings;

/**
 * The LMTP listeners: off unless {@code listen} or {@code socket} is given.
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
 * @param data the deadline and minimum rate of one message's data ({@link DataPace}); the grace
 *     before the rate counts is not in the file (30 s), tests shorten it
 * @param receivedHeader whether LMTP deliveries get a {@code Received:} field (RFC 5321 §4.4)
 */
public record LmtpConfig(List<ListenAddress> listen, @Nullable Path socket, Set<PosixFilePermission> socketMode,
    int maxRecipients, DataPace.Limits data, boolean receivedHeader) {

  public static final Set<PosixFilePermission> DEFAULT_SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");

  public static final LmtpConfig OFF =
      new LmtpConfig(List.of(), null, DEFAULT_SOCKET_MODE, LmtpSettings.DEFAULT_MAX_RECIPIENTS);

  /** With the default data limits and a {@code Received:} field. */
  public LmtpConfig(List<ListenAddress> listen, @Nullable Path socket, Set<PosixFilePermission> socketMode,
      int maxRecipients) {
    this(listen, socket, socketMode, maxRecipients, DataPace.Limits.DEFAULTS, true);
  }

  public LmtpConfig {
    listen = List.copyOf(listen);
    socketMode = Set.copyOf(socketMode);
    if (maxRecipients < 1) {
      throw new IllegalArgumentException("lmtp.max_recipients must be positive");
    }
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
}
