package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.SystemAccount;
import org.vqpop.directory.MailHomeLayout;
import org.vqpop.fs.IoErrors;

/**
 * Where everything lives: the mail home ({@code /var/mailhome}), qmail's directory ({@code
 * /var/qmail}) and the pop account. Paths only; no I/O but the account lookup. The layout below
 * the mail home (domain directories, user databases, homes) is {@link MailHomeLayout}.
 */
public final class MailHome {
  public static final Path DEFAULT_ROOT = Path.of("/var/mailhome");
  public static final Path DEFAULT_QMAIL = Path.of("/var/qmail");
  public static final String DEFAULT_POP_USER = "alias";

  private final Path root;
  private final MailHomeLayout layout;
  private final Path qmail;
  private final String popUser;
  private final @Nullable Path popHome;
  private final PasswdFile passwd;
  private @Nullable PopAccount account;

  /**
   * @param popHome where {@code .qmail-vdom-default} goes; null for the pop account's home
   */
  public MailHome(Path root, Path qmail, String popUser, @Nullable Path popHome, PasswdFile passwd) {
    this.root = root.toAbsolutePath().normalize();
    this.layout = new MailHomeLayout(this.root);
    this.qmail = qmail.toAbsolutePath().normalize();
    this.popUser = popUser;
    this.popHome = popHome == null ? null : popHome.toAbsolutePath().normalize();
    this.passwd = passwd;
  }

  public Path root() {
    return root;
  }

  public Path qmail() {
    return qmail;
  }

  public String popUserName() {
    return popUser;
  }

  /** The pop account, looked up once; an unknown account is an error that says how to choose one. */
  public synchronized PopAccount account() throws AdminException {
    if (account == null) {
      SystemAccount a;
      try {
        a = passwd.lookup(popUser).orElse(null);
      } catch (IOException e) {
        throw new AdminException(AdminException.Kind.TEMPORARY, "cannot read " + IoErrors.describe(e), e);
      }
      if (a == null) {
        throw AdminException.bad("pop account '" + popUser + "' does not exist in " + passwd.file()
            + "; create it or choose another with --pop-user NAME or POP_USER");
      }
      account = new PopAccount(a.name(), a.uid(), a.gid(), popHome != null ? popHome : a.home());
    }
    return account;
  }

  public Path virtualPopDomains() {
    return root.resolve("virtualpopdomains");
  }

  public Path lockFile() {
    return root.resolve(".vqpop.lock");
  }

  public Path makefile() {
    return root.resolve("Makefile");
  }

  /** Where the domains' directories, user databases and homes are under {@link #root}. */
  public MailHomeLayout layout() {
    return layout;
  }

  public Path usersAssign() {
    return qmail.resolve("users/assign");
  }

  public Path usersCdb() {
    return qmail.resolve("users/cdb");
  }

  public Path appendLocal() {
    return qmail.resolve("users/append.local");
  }

  public Path controlVirtualDomains() {
    return qmail.resolve("control/virtualdomains");
  }
}
