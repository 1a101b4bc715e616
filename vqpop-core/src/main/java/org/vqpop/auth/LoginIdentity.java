package org.vqpop.auth;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.system.SystemAccount;
import org.vqpop.domain.VirtualDomain;

/**
 * Who logged in: the principal of an {@link AuthResult.Success} from the virtual POP backend.
 *
 * @param domain the virtual domain; null for a system account
 * @param user the user name within the domain, or the system account's name
 * @param home the user's home directory, where programs run
 * @param maildir the maildrop, {@code home/Maildir}
 * @param source the source that accepted the login
 * @param account the system account to run as, for {@link Source#SYSTEM_ACCOUNT}; null for a
 *     virtual user, whose files belong to the pop account
 */
public record LoginIdentity(@Nullable VirtualDomain domain, String user, Path home, Path maildir, Source source,
    @Nullable SystemAccount account) {

  /** {@code user@domain}, or the account name: for logs and events. */
  public String canonicalName() {
    return domain == null ? user : user + "@" + domain.domain();
  }
}
