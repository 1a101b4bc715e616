package org.vqpop.login;

import java.time.Duration;
import java.util.Locale;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.Peer;
import org.vqpop.domain.LocalEndpoint;
import org.vqpop.domain.Resolution;
import org.vqpop.log.LogLine;
import org.vqpop.maildir.MaildirMailbox;
import org.vqpop.maildir.MaildropLocks;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.store.OpenResult;

/**
 * The backend of one POP3 connection: logins through a {@link LoginService}, mail from Maildirs.
 * A failed login (not a temporary one) is counted against its account by the {@link
 * AccountThrottle}, and answered after the pause that asks for; the server adds its per-address
 * pause after that.
 */
final class VirtualPopBackend implements Pop3Backend {
  private final LoginService service;
  private final AccountThrottle throttle;
  private final ConnectionInfo connection;
  private final MaildropLocks locks;

  VirtualPopBackend(LoginService service, AccountThrottle throttle, ConnectionInfo connection, MaildropLocks locks) {
    this.service = service;
    this.throttle = throttle;
    this.connection = connection;
    this.locks = locks;
  }

  /**
   * The soonest a failed login is answered after it was asked. The paths a failure can take differ
   * by microseconds where no password hash is involved (APOP: a database probe that hits or
   * misses, a record decoded or not, an MD5); a floor well above them, slept on the connection's
   * virtual thread, leaves nothing of that difference in the answer's timing. A password check
   * takes far longer, so USER/PASS and AUTH PLAIN failures are not slowed by it.
   */
  static final Duration FAILURE_FLOOR = Duration.ofMillis(5);

  @Override
  public AuthResult authenticate(Credentials credentials) {
    long start = System.nanoTime();
    LoginAttempt a = service.login(credentials,
        new LocalEndpoint(connection.localAddress(), connection.localHost(), connection.sniName()),
        new Peer(connection.peerAddress(), connection.peerPort()));
    // The outcome is logged once, by the protocol's events (the session's log line, or the one
    // line of a failed login with its detail).
    if (a.result() instanceof AuthResult.Failure f && f.kind() != AuthResult.Kind.TEMPORARY) {
      String account = account(a, credentials);
      long early = FAILURE_FLOOR.toNanos() - (System.nanoTime() - start);
      pause(throttle.failed(account, LogLine.printable(account)).plusNanos(Math.max(0, early)));
    }
    return a.result();
  }

  /**
   * The key a failure is counted under: the resolved {@code user@domain}, whichever form of the
   * name the client used; the name as given when it resolves to no domain (bounded by the line).
   */
  private static String account(LoginAttempt a, Credentials credentials) {
    if (a.resolution() instanceof Resolution.Resolved r) {
      return r.user().name() + "@" + r.domain().domain();
    }
    return credentials.user().toLowerCase(Locale.ROOT);
  }

  /** Sleeps on the connection's virtual thread, which costs nothing; an interrupt ends it early. */
  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping; its loop sees the flag
    }
  }

  @Override
  public OpenResult openMailbox(AuthResult.Success user) {
    return MaildirMailbox.open(user.identity().maildir(), locks);
  }
}
