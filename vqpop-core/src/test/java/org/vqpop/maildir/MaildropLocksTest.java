package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.store.OpenResult;

class MaildropLocksTest {
  @TempDir Path tmp;

  private Path maildir(Path parent) throws IOException {
    Path m = parent.resolve("Maildir");
    Files.createDirectories(parent);
    Maildirs.create(m);
    return m;
  }

  @Test
  void aMaildropUnderTheMailHomeIsLockedInItsTableAnyOtherInItsOwnFile() throws IOException {
    Path home = tmp.resolve("mailhome");
    Path joe = maildir(home.resolve("acme.com/j/joe"));
    Path system = maildir(tmp.resolve("home/sue"));
    MaildropLocks locks = MaildropLocks.under(home);
    locks.open();
    assertThat(home.resolve(LockTable.FILE)).isRegularFile();

    OpenResult first = MaildirMailbox.open(joe, locks);
    assertThat(first).isInstanceOf(OpenResult.Opened.class);
    assertThat(joe.resolve(MaildirLock.FILE)).doesNotExist();
    assertThat(MaildirMailbox.open(joe, locks)).isInstanceOf(OpenResult.InUse.class);

    OpenResult outside = MaildirMailbox.open(system, locks);
    assertThat(outside).isInstanceOf(OpenResult.Opened.class);
    assertThat(system.resolve(MaildirLock.FILE)).isRegularFile();
    assertThat(MaildirMailbox.open(system)).isInstanceOf(OpenResult.InUse.class);

    for (OpenResult r : List.of(first, outside)) {
      ((OpenResult.Opened) r).mailbox().close();
    }
    OpenResult again = MaildirMailbox.open(joe, locks);
    assertThat(again).isInstanceOf(OpenResult.Opened.class);
    ((OpenResult.Opened) again).mailbox().close();
  }

  @Test
  void aFifoUnderTheTablesNameStopsTheStartNamingTheFile() throws Exception {
    Path home = tmp.resolve("fifohome");
    Files.createDirectories(home);
    Path table = home.resolve(LockTable.FILE);
    Process mk = new ProcessBuilder("mkfifo", table.toString()).start();
    assertThat(mk.waitFor()).isZero();
    MaildropLocks locks = MaildropLocks.under(home);
    assertThatThrownBy(locks::open).isInstanceOf(IOException.class).hasMessageContaining(table.toString());
    Path joe = maildir(home.resolve("acme.com/j/joe"));
    OpenResult r = MaildirMailbox.open(joe, locks);
    assertThat(r).isInstanceOfSatisfying(OpenResult.Failed.class, f -> {
      assertThat(f.kind()).isEqualTo(OpenResult.Kind.TEMPORARY);
      assertThat(f.detail()).contains(table.toString());
    });
  }
}
