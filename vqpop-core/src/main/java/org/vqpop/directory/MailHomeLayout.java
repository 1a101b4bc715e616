package org.vqpop.directory;

import java.nio.file.Path;
import org.vqpop.address.UserName;
import org.vqpop.domain.VirtualDomain;

/**
 * Where a mail home keeps each domain's users, as the seed laid them out: the domain directory
 * ({@code virtualpopdomains}' third field, relative to the mail home), its {@code poppasswd} source
 * and {@code poppasswd.cdb}, and each user's home hashed by the first letter of the name ({@code
 * acme.com/j/joeuser}). Paths only, no I/O.
 *
 * <p>Both the administrative core, which creates these files, and the readers ({@link
 * CdbUserDirectory}, delivery) use this one layout; the home path is also what a user's cdb
 * record holds.
 *
 * @param root the mail home, absolute and normalised
 */
public record MailHomeLayout(Path root) {
  public MailHomeLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path domainDir(VirtualDomain d) {
    return root.resolve(d.directory());
  }

  public Path popPasswd(VirtualDomain d) {
    return domainDir(d).resolve("poppasswd");
  }

  public Path popPasswdCdb(VirtualDomain d) {
    return domainDir(d).resolve("poppasswd.cdb");
  }

  /** The seed's hashed home: {@code DOMAINDIR/j/joeuser}. */
  public Path home(VirtualDomain d, UserName u) {
    return domainDir(d).resolve(u.hashDirectory()).resolve(u.name());
  }
}
