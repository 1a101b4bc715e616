package org.vqpop.server.pop3;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Method;
import org.vqpop.auth.Source;
import org.vqpop.log.LogLine;
import org.vqpop.pop3.Pop3Events;
import org.vqpop.store.OpenResult;

/**
 * Collects what happens in one session and logs it as one line when the connection ends; a
 * failed login gets one line of its own, with the reason and detail the client is never told (RFC
 * 1939 §13). Lines are built by {@link LogLine}.
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
  private @Nullable Source source;
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
  public void loginSucceeded(AuthResult.Success login, Method m) {
    user = login.user();
    method = m;
    source = login.identity().source();
  }

  /** The one line of a failed login: the name as given, how, and why (never to the client). */
  @Override
  public void loginFailed(String u, AuthResult.Failure failure, Method m) {
    loginJustFailed = failure.kind() != AuthResult.Kind.TEMPORARY;
    LogLine.of("login failed").add("client", client).add("listener", listener).add("tls", tls == null ? "no" : tls)
        .text("user", u).add("method", m).add("reason", failure.kind()).text("detail", failure.detail()).info(log);
  }

  @Override
  public void mailboxNotOpened(String u, OpenResult result) {
    String why = switch (result) {
      case OpenResult.InUse i -> "in use";
      case OpenResult.Failed f -> f.kind() + " " + f.detail();
      case OpenResult.Opened o -> "opened";
    };
    LogLine.of("maildrop not opened").add("client", client).add("user", u).text("reason", why).info(log);
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
    LogLine line = LogLine.of("session").add("client", client).add("listener", listener)
        .add("tls", tls == null ? "no" : tls);
    if (sni != null) {
      line.text("sni", sni);
    }
    line.add("user", user).add("method", method).add("source", source).add("retr", retrieved + "/" + retrievedOctets)
        .add("top", topped).add("deleted", committed ? marked : 0).add("duration_ms", ms).add("end", how).info(log);
  }
}
