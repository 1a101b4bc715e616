package org.vqpop.mailhome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.vqpop.address.UserName;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.fs.AtomicFile;
import org.vqpop.maildir.Maildirs;

/**
 * Creates a user's home as the seed lays it out: {@code DOMAINDIR/j/joeuser/} (mode 0700) holding
 * {@code Maildir/{cur,new,tmp}} (0700) and a {@code .qmail} containing {@code ./Maildir/}, all
 * owned by the pop account. An existing {@code .qmail} is left as the administrator wrote it.
 */
final class HomeMaker {
  static final String DOT_QMAIL = "./Maildir/\n";

  private final MailHome home;
  private final PopAccount account;

  HomeMaker(MailHome home, PopAccount account) {
    this.home = home;
    this.account = account;
  }

  Path make(VirtualDomain d, UserName u) throws IOException {
    Path h = home.home(d, u);
    Trees.mkdirs(home.root(), h.getParent(), Trees.DIR_755, account.owner());
    Trees.mkdirs(home.root(), h, Trees.DIR_700, account.owner());
    Path maildir = h.resolve("Maildir");
    Maildirs.create(maildir);
    account.owner().apply(maildir);
    for (String sub : Maildirs.SUBDIRS) {
      account.owner().apply(maildir.resolve(sub));
    }
    Path dotQmail = h.resolve(".qmail");
    if (!Files.exists(dotQmail, LinkOption.NOFOLLOW_LINKS)) {
      // written whole or not at all: an empty .qmail would make qmail-local deliver to an mbox
      AtomicFile.writeString(dotQmail, PosixFilePermissions.fromString("rw-r--r--"), account.owner(), DOT_QMAIL);
    } // else kept: the administrator may have added forwards or programs
    return h;
  }
}
