package org.vqpop.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainTableTest {
  @TempDir Path dir;

  final AtomicLong now = new AtomicLong(1_000_000);

  Path file() {
    return dir.resolve("virtualpopdomains");
  }

  /** Replaces the file by rename, as popdom does, so its inode changes even within one mtime tick. */
  void write(String text) throws Exception {
    Path tmp = dir.resolve("vpd.tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aMissingFileIsAnEmptyTableThatIsUsable() {
    DomainTable t = new DomainTable(file(), 0, now::get);
    assertThat(t.current().isEmpty()).isTrue();
    assertThat(t.unusable()).isNull();
  }

  @Test
  void followsTheFileWhenItIsReplaced() throws Exception {
    write("acme.com:mail.acme.com:acme.com:acme\n");
    DomainTable t = new DomainTable(file(), 0, now::get);
    assertThat(t.current().domains()).extracting(d -> d.domain().name()).containsExactly("acme.com");
    write("acme.com:mail.acme.com:acme.com:acme\nisp.net:pophost.isp.net:mboxes.isp.net:isp\n");
    assertThat(t.current().domains()).extracting(d -> d.domain().name()).containsExactly("acme.com", "isp.net");
  }

  @Test
  void looksAtTheFileAtMostOncePerInterval() throws Exception {
    write("acme.com:mail.acme.com:acme.com:acme\n");
    DomainTable t = new DomainTable(file(), 1000, now::get);
    VirtualPopDomains first = t.current();
    write("isp.net:pophost.isp.net:mboxes.isp.net:isp\n");
    now.addAndGet(999);
    assertThat(t.current()).isSameAs(first);
    now.addAndGet(1);
    assertThat(t.current().domains()).extracting(d -> d.domain().name()).containsExactly("isp.net");
  }

  @Test
  void anUnchangedFileIsNotParsedAgain() throws Exception {
    write("acme.com:mail.acme.com:acme.com:acme\n");
    DomainTable t = new DomainTable(file(), 0, now::get);
    VirtualPopDomains first = t.current();
    assertThat(t.current()).isSameAs(first);
  }

  @Test
  void aMalformedFileKeepsTheLastGoodTable() throws Exception {
    write("acme.com:mail.acme.com:acme.com:acme\n");
    DomainTable t = new DomainTable(file(), 0, now::get);
    VirtualPopDomains good = t.current();
    write("acme.com:mail.acme.com\n");
    assertThat(t.current()).isSameAs(good);
    assertThat(t.unusable()).isNull();
    write("oce.nl:st1-jos.oce.nl:oce.nl:\n");
    assertThat(t.current().domains()).extracting(d -> d.domain().name()).containsExactly("oce.nl");
  }

  @Test
  void aFileThatNeverParsedIsUnusableWithItsLineNumber() throws Exception {
    write("# header\nacme.com:mail.acme.com\n");
    DomainTable t = new DomainTable(file(), 0, now::get);
    assertThat(t.current().isEmpty()).isTrue();
    assertThat(t.unusable()).startsWith(file() + ":2: expected 4 fields");
  }
}
