package org.vqpop.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.cdb.CdbWriter;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.fs.FileOwner;
import org.vqpop.testing.UserDirectoryContract;

class CdbUserDirectoryTest implements UserDirectoryContract {
  @TempDir Path root;

  MailHomeLayout layout() {
    return new MailHomeLayout(root);
  }

  @Override
  public UserDirectory directory() {
    return new CdbUserDirectory(layout());
  }

  /** Writes the domain's cdb beside it and renames it into place, as the administrative commands do. */
  @Override
  public void store(VirtualDomain domain, Map<PopUser, Path> users) throws Exception {
    Path cdb = layout().popPasswdCdb(domain);
    Files.createDirectories(cdb.getParent());
    try (CdbWriter w = CdbWriter.create(cdb, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
      for (Map.Entry<PopUser, Path> e : users.entrySet()) {
        w.add(UserRecordCodec.key(e.getKey().name()), UserRecordCodec.encode(e.getKey(), e.getValue()));
      }
      w.commit();
    }
  }

  @Test
  void aMissingDatabaseIsATemporaryFailureNotAnUnknownUser() {
    assertThat(directory().lookup(ACME, UserName.of("joeuser")))
        .isEqualTo(new UserDirectory.Failed(layout().popPasswdCdb(ACME) + ": no such file"));
  }

  @Test
  void aCorruptDatabaseIsATemporaryFailureThatNamesTheFile() throws Exception {
    Path cdb = layout().popPasswdCdb(ACME);
    Files.createDirectories(cdb.getParent());
    Files.writeString(cdb, "not a cdb");
    assertThat(directory().lookup(ACME, UserName.of("joeuser"))).isInstanceOfSatisfying(UserDirectory.Failed.class,
        f -> assertThat(f.detail()).startsWith(cdb + ": truncated"));
  }

  @Test
  void aRecordOfAnotherFormatIsATemporaryFailure() throws Exception {
    Path cdb = layout().popPasswdCdb(ACME);
    Files.createDirectories(cdb.getParent());
    try (CdbWriter w = CdbWriter.create(cdb, PosixFilePermissions.fromString("rw-rw----"), FileOwner.current())) {
      w.add("joeuser".getBytes(), "crypt-hash-only".getBytes());
      w.commit();
    }
    assertThat(directory().lookup(ACME, UserName.of("joeuser"))).isInstanceOfSatisfying(UserDirectory.Failed.class,
        f -> assertThat(f.detail()).contains("bad record for joeuser"));
  }

  @Test
  void aDatabaseThatComesBackIsReadAgain() throws Exception {
    UserDirectory d = directory();
    assertThat(d.lookup(ACME, UserName.of("joeuser"))).isInstanceOf(UserDirectory.Failed.class);
    store(ACME, Map.of(UserDirectoryContract.joe(), UserDirectoryContract.home(ACME, "joeuser")));
    assertThat(d.lookup(ACME, UserName.of("joeuser"))).isInstanceOf(UserDirectory.Found.class);
  }
}
