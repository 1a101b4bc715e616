package org.vqpop.mailhome;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cdb.CdbReader;
import org.vqpop.directory.PopPasswd;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.testing.SpecialFiles;

/**
 * The control files the server reads at login or delivery ({@code virtualpopdomains}, a domain's
 * {@code poppasswd} and {@code quota}, a cdb): a FIFO in their place is an error naming the file,
 * at once, never a blocked login or delivery.
 */
class ControlFileFifoTest {
  static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void aFifoInPlaceOfAControlFileIsAnErrorNotAHang() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("fifo"));
    assertTimeoutPreemptively(DEADLINE, () -> {
      assertThatThrownBy(() -> VirtualPopDomains.read(fifo)).isInstanceOf(NotRegularFileException.class)
          .hasMessageContaining(fifo.toString());
      assertThatThrownBy(() -> PopPasswd.read(fifo)).isInstanceOf(NotRegularFileException.class);
      assertThatThrownBy(() -> CdbReader.open(fifo)).isInstanceOf(NotRegularFileException.class);
    });
    Path domainDir = dir.resolve("domain");
    java.nio.file.Files.createDirectory(domainDir);
    SpecialFiles.fifo(domainDir.resolve(DomainQuota.FILE));
    assertTimeoutPreemptively(DEADLINE, () -> {
      assertThatThrownBy(() -> DomainQuota.read(domainDir)).isInstanceOf(NotRegularFileException.class);
    });
  }

  @Test
  void aFifoInPlaceOfTheMailHomeLockIsAnErrorNotAHang() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve(".vqpop.lock"));
    assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(
        () -> MailHomeLock.acquire(fifo, Duration.ofSeconds(1), org.vqpop.fs.FileOwner.current()))
        .isInstanceOf(AdminException.class).hasMessageContaining(fifo.toString()));
  }
}
