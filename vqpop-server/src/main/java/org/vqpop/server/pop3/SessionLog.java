package org.vqpop.server.pop3;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.auth.AuthResult;
import org.vqpop.pop3.Pop3Events;
import org.vqpop.store.OpenResult;

/**
 * Collects what happens in one session and logs it as one line when the connection ends; a
 * failed login gets a line of its own, with the reason the client is never told (RFC 1939 §13).
 * Also tells the connection that a login just failed, so that it can pause before answering.
 * One per connection, used on its thread only.
 */
final class SessionLog implements Pop3Events {
  static final Logger log = LoggerFactory.getLogger("vqpop.pop3");

  /** Why a connection ended, beyond the session's own {@link Pop3Events.End}. */
  enum Cause {
    /** Silence longer than the idle timeout (a socket read timeout). */
    TIMEOUT,
    /** Not logged in within the login timeout of the connection. */
    LOGIN_TIMEOUT,
    /** The TLS handshake took longer than its timeout. */
    HANDSHAKE_TIMEOUT,
    /** Logged in, but no complete command (or no progress of a reply) within the idle timeout. */
    IDLE_TIMEOUT,
    TLS_FAILED,
    /** Bytes came after STLS before the handshake (RFC 2595 §3.1): possible command injection. */
    STLS_PIPELINED,
    IO_ERROR,
    SHUTDOWN,
    INTERNAL_ERROR
  }

  private final String client;
  private final String listener;
  private final long startNanos = System.nanoTime();
  private @Nullable String tls;
  private @Nullable String sni;
  private @Nullable String user;
  private @Nullable Method method;
  private int retrieved;
  private long retrievedOctets;
  private int topped;
  private int marked;
  private @Nullable End end;
  private @Nullable Cause cause;
  private boolean loginJustFailed;

  SessionLog(String client, String listener) {
    this.client = client;
    this.listener = listener;
  }

  void tls(String protocol, @Nullable String sniName) {
    tls = protocol;
    sni = sniName;
  }

  /** The connection's own reason to end; the first one given is kept. */
  void cause(Cause c) {
    if (cause == null) {
      cause = c;
    }
  }

  /** Whether a login failed since the last call. */
  boolean takeLoginFailure() {
    boolean f = loginJustFailed;
    loginJustFailed = false;
    return f;
  }

  @Override
  public void loginSucceeded(String u, Method m) {
    user = u;
    method = m;
  }

  @Override
  public void loginFailed(String u, AuthResult.Kind kind, Method m) {
    loginJustFailed = kind != AuthResult.Kind.TEMPORARY;
    log.info("login failed client={} listener={} tls={} user={} method={} reason={}",
        client, listener, tls == null ? "no" : tls, printable(u), m, kind);
  }

  @Override
  public void mailboxNotOpened(String u, OpenResult result) {
    String why = switch (result) {
      case OpenResult.InUse i -> "in use";
      case OpenResult.Failed f -> f.kind() + " " + f.detail();
      case OpenResult.Opened o -> "opened";
    };
    log.info("maildrop not opened client={} user={} reason={}", client, u, why);
  }

  @Override
  public void retrieved(int msg, long octets, long top) {
    if (top < 0) {
      retrieved++;
      retrievedOctets += octets;
    } else {
      topped++;
    }
  }

  @Override
  public void deleted(int msg) {
    marked++;
  }

  @Override
  public void reset() {
    marked = 0;
  }

  @Override
  public void sessionEnded(End e) {
    if (end == null) {
      end = e;
    }
  }

  /** The one line for the whole session. */
  void emit() {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    // The connection's cause explains a DROPPED session better (timeout, TLS failure, ...).
    String how = cause != null && (end == null || end == End.DROPPED) ? cause.name() : String.valueOf(end);
    boolean committed = end == End.QUIT || end == End.QUIT_INCOMPLETE;
    log.info("session client={} listener={} tls={}{} user={} method={} retr={}/{} top={} deleted={} duration_ms={} end={}",
        client, listener, tls == null ? "no" : tls, sni == null ? "" : " sni=" + sni,
        user == null ? "-" : user, method == null ? "-" : method, retrieved, retrievedOctets, topped,
        committed ? marked : 0, ms, how);
  }

  /** Client-chosen text for a log line: printable ASCII only, and not too long (log injection). */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && b.length() < 64; i++) {
      char c = s.charAt(i);
      b.append(c > ' ' && c < 0x7f ? c : '?');
    }
    return b.isEmpty() ? "\"\"" : b.toString();
  }
}
