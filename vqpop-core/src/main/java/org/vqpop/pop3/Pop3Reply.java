package org.vqpop.pop3;

import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * What the session answers to one line. A value: {@link ReplyWriter} turns it into bytes, and
 * {@link #after()} says what the connection must do once they are written.
 */
public sealed interface Pop3Reply {

  /** What the connection does after writing the reply. */
  Action after();

  /** A one-line {@code +OK text} or {@code -ERR [CODE] text} (RFC 1939 §3, RFC 2449 §8). */
  record Status(boolean ok, @Nullable RespCode code, String text, Action after)
      implements Pop3Reply {}

  /**
   * {@code +OK text}, then lines, then {@code .}. The lines are produced while they are written,
   * so a listing of a huge maildrop is never one big string.
   */
  record Listing(String text, Iterable<String> lines) implements Pop3Reply {
    @Override
    public Action after() {
      return Action.NONE;
    }
  }

  /**
   * {@code +OK text}, then a stored message (RETR) or its header and first {@code bodyLines} body
   * lines (TOP; {@link org.vqpop.wire.MessageWriter#WHOLE} for all), then {@code .}. {@link
   * ReplyWriter} closes {@code body}.
   */
  record Message(String text, InputStream body, long bodyLines) implements Pop3Reply {
    @Override
    public Action after() {
      return Action.NONE;
    }
  }

  /** A SASL challenge, {@code + base64} (RFC 5034 §4). */
  record Challenge(String base64) implements Pop3Reply {
    @Override
    public Action after() {
      return Action.NONE;
    }
  }

  /** What the connection must do after writing a reply. */
  enum Action {
    NONE,
    /** Close the connection. */
    CLOSE,
    /**
     * Start the TLS handshake (RFC 2595 §4). Before that the connection must check that no bytes
     * came after the STLS line ({@code LineReader.hasBuffered()}) and close if some did (§3.1).
     */
    START_TLS
  }

  /** Response codes (RFC 2449 §8, RFC 3206). */
  enum RespCode {
    /** The credentials were not accepted (RFC 3206 §4). */
    AUTH("AUTH"),
    /** A temporary problem of the server; try again later (RFC 3206 §4). */
    SYS_TEMP("SYS/TEMP"),
    /** A permanent problem; trying again will not help (RFC 3206 §4). */
    SYS_PERM("SYS/PERM"),
    /** The maildrop is in use by another session (RFC 2449 §8.1.2). */
    IN_USE("IN-USE");

    private final String wire;

    RespCode(String wire) {
      this.wire = wire;
    }

    /** The code as sent, without brackets. */
    public String wire() {
      return wire;
    }
  }
}
