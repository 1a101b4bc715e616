package org.vqpop.login;

import java.io.IOException;
import org.vqpop.config.LoginSettings;
import org.vqpop.domain.HostAddresses;
import org.vqpop.mailhome.MailHome;
import org.vqpop.maildir.MaildropLocks;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.pop3.Pop3BackendFactory;

/**
 * The POP3 backends of a mail home: logins as the seed's chkpoppass checked them, mailboxes at
 * {@code home/Maildir}. One factory serves every connection; domains and users added or changed
 * by the administrative commands take effect at the next login, without a restart. A session's
 * maildrop lock is taken in the mail home's lock table ({@link MaildropLocks}), so that a session
 * holds no descriptor but its socket.
 *
 * <pre>{@code
 * LoginSettings settings = config.login();
 * Pop3BackendFactory backends = VirtualPopBackendFactory.create(
 *     mailHome, settings, new SystemHostAddresses(Duration.ofMinutes(5)));
 * }</pre>
 */
public final class VirtualPopBackendFactory implements Pop3BackendFactory {
  private final LoginService service;
  private final AccountThrottle throttle;
  private final MaildropLocks locks;

  /** With the default per-account throttle, each maildrop locked by a file of its own. */
  public VirtualPopBackendFactory(LoginService service) {
    this(service, new AccountThrottle(LoginSettings.DEFAULT_ACCOUNT_FAILURES,
        LoginSettings.DEFAULT_ACCOUNT_FAILURE_DELAY), MaildropLocks.perMaildir());
  }

  public VirtualPopBackendFactory(LoginService service, AccountThrottle throttle, MaildropLocks locks) {
    this.service = service;
    this.throttle = throttle;
    this.locks = locks;
  }

  public static VirtualPopBackendFactory create(MailHome home, LoginSettings settings, HostAddresses hosts) {
    return new VirtualPopBackendFactory(LoginService.create(home, settings, hosts),
        new AccountThrottle(settings.accountFailures(), settings.accountFailureDelay()),
        MaildropLocks.under(home.root()));
  }

  /** Opens the mail home's lock table, so that a server that cannot lock maildrops does not start. */
  @Override
  public void prepare() throws IOException {
    locks.open();
  }

  public LoginService service() {
    return service;
  }

  @Override
  public Pop3Backend forConnection(ConnectionInfo connection) {
    return new VirtualPopBackend(service, throttle, connection, locks);
  }
}
