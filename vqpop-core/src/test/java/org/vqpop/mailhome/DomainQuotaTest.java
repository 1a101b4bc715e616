package org.vqpop.mailhome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.domain.FileFormatException;
import org.vqpop.maildir.Quota;

class DomainQuotaTest {
  @TempDir Path dir;

  @Test
  void noFileIsNoDefault() throws Exception {
    assertThat(DomainQuota.load(dir)).isEqualTo(Quota.NONE);
  }

  @Test
  void readsWhatRenderWrites() throws Exception {
    Quota q = new Quota(104857600, 5000);
    Files.writeString(dir.resolve(DomainQuota.FILE), DomainQuota.render(q));
    assertThat(DomainQuota.load(dir)).isEqualTo(q);
    Files.writeString(dir.resolve(DomainQuota.FILE), "# set by hand\n\n100M\n");
    assertThat(DomainQuota.read(dir)).isEqualTo(new Quota(104857600, 0));
  }

  @Test
  void errorsNameFileAndLine() throws Exception {
    Path f = dir.resolve(DomainQuota.FILE);
    Files.writeString(f, "# x\nplenty\n");
    assertThatThrownBy(() -> DomainQuota.load(dir)).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(f + ":2: quota 'plenty'");
    Files.writeString(f, "none\n5000C\n");
    assertThatThrownBy(() -> DomainQuota.load(dir)).hasMessage(f + ":2: more than one quota line");
    assertThatThrownBy(() -> DomainQuota.read(dir)).isInstanceOf(IOException.class).hasMessage(f + ":2: more than one quota line");
  }
}
