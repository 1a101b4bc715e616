package org.vqpop.login;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vqpop.config.LoginSettings;
import org.vqpop.auth.AuthChain;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.ChainResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.Peer;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.ShadowFile;
import org.vqpop.directory.CdbUserDirectory;
import org.vqpop.directory.UserDirectory;
import org.vqpop.domain.DomainTable;
import org.vqpop.domain.HostAddresses;
import org.vqpop.domain.LocalEndpoint;
import org.vqpop.domain.LoginResolver;
import org.vqpop.domain.Resolution;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.mailhome.MailHome;

/**
 * Checks a login from start to end: the login name is resolved to a domain and user against the
 * domain table, the user looked up, and the credentials passed through the seed's chain. Shared
 * by the POP3 server (through {@link VirtualPopBackendFactory}) and {@code chkpoppass}.
 * Thread-safe; nothing here logs, so callers decide what a failure is worth.
 */
public final class LoginService {
  /** How often a running server stats {@code virtualpopdomains} for changes. */
  public static final Duration DOMAIN_TABLE_CHECK = Duration.ofSeconds(1);

  private final DomainTable domains;
  private final LoginResolver resolver;
  private final AuthChain chain;

  public LoginService(DomainTable domains, LoginResolver resolver, AuthChain chain) {
    this.domains = domains;
    this.resolver = resolver;
    this.chain = chain;
  }

  /** The service over a mail home's files: {@code virtualpopdomains} and each {@code poppasswd.cdb}. */
  public static LoginService create(MailHome home, LoginSettings settings, HostAddresses hosts) {
    return new LoginService(new DomainTable(home.virtualPopDomains(), DOMAIN_TABLE_CHECK.toMillis()),
        resolver(settings, hosts), chain(settings, new CdbUserDirectory(home.layout()),
            PasswordHasher.defaults().withVerificationCache(settings.cacheTtl(), settings.cacheSize())
                .withCheckLimit(settings.maxConcurrentChecks(), settings.queueTimeout())));
  }

  public static LoginResolver resolver(LoginSettings s, HostAddresses hosts) {
    return new LoginResolver(s.useDomain(), s.usePrefix(), s.atSign(), hosts);
  }

  public static AuthChain chain(LoginSettings s, UserDirectory directory, PasswordHasher hasher) {
    AuthChain.SystemFiles system = s.systemAccounts()
        ? new AuthChain.SystemFiles(new PasswdFile(s.passwdFile()), new ShadowFile(s.shadowFile())) : null;
    return AuthChain.seed(directory, hasher, system, s.rpopTrustedHosts(), InstantSource.system());
  }

  /** Checks a login against the domain table as it is now. */
  public LoginAttempt login(Credentials credentials, LocalEndpoint endpoint, Peer peer) {
    @Nullable String unusable = domains.unusable();
    if (unusable != null) {
      return new LoginAttempt(null,
          new ChainResult(new AuthResult.Failure(AuthResult.Kind.TEMPORARY, unusable), List.of()));
    }
    return login(domains.current(), credentials, endpoint, peer);
  }

  /** Checks a login against {@code table} (a one-shot caller reads the table itself). */
  public LoginAttempt login(VirtualPopDomains table, Credentials credentials, LocalEndpoint endpoint, Peer peer) {
    Resolution r = resolver.resolve(table, credentials.user(), endpoint);
    // An unknown domain probes a real domain's database, as an unknown user of a known one does.
    VirtualDomain probe = table.isEmpty() ? null : table.domains().get(0);
    return new LoginAttempt(r, chain.check(credentials, r, peer, probe));
  }
}
