package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vqpop.cdb.Records.MODE_644;
import static org.vqpop.cdb.Records.bytes;
import static org.vqpop.cdb.Records.rec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.fs.FileOwner;

/** The writer's file handling: temporary name, atomic replacement, mode, owner, clean-up. */
class CdbWriterTest {
  @TempDir Path dir;

  @Test
  void tempFileIsTargetNamePlusTmp() throws IOException {
    Path target = dir.resolve("cdb");
    assertThat(CdbWriter.tempFile(target)).isEqualTo(dir.resolve("cdb.tmp"));
    try (CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current())) {
      w.add(bytes("k"), bytes("v"));
      assertThat(dir.resolve("cdb.tmp")).exists();
      assertThat(target).doesNotExist();
      w.commit();
      assertThat(dir.resolve("cdb.tmp")).doesNotExist();
      assertThat(target).exists();
    }
  }

  @Test
  void targetIsUntouchedUntilCommit() throws IOException {
    Path target = Records.write(dir.resolve("users.cdb"), List.of(rec("k", "old")));
    byte[] before = Files.readAllBytes(target);
    try (CdbReader old = CdbReader.open(target);
        CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current())) {
      w.add(bytes("k"), bytes("new"));
      assertThat(Files.readAllBytes(target)).isEqualTo(before);
      assertThat(old.get(bytes("k"))).isEqualTo(bytes("old"));
      w.commit();
      // The rename replaced the name; the open reader keeps the file it mapped.
      assertThat(old.get(bytes("k"))).isEqualTo(bytes("old"));
      try (CdbReader fresh = CdbReader.open(target)) {
        assertThat(fresh.get(bytes("k"))).isEqualTo(bytes("new"));
      }
    }
  }

  @Test
  void closeWithoutCommitLeavesOldTargetAndNoTempFile() throws IOException {
    Path target = Records.write(dir.resolve("users.cdb"), List.of(rec("k", "old")));
    byte[] before = Files.readAllBytes(target);
    CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current());
    w.add(bytes("k"), bytes("new"));
    w.close();
    w.close();
    assertThat(CdbWriter.tempFile(target)).doesNotExist();
    assertThat(Files.readAllBytes(target)).isEqualTo(before);
    try (var names = Files.list(dir)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("users.cdb");
    }
  }

  @Test
  void closeWithoutCommitCreatesNoTarget() throws IOException {
    Path target = dir.resolve("new.cdb");
    try (CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current())) {
      w.add(bytes("k"), bytes("v"));
    }
    assertThat(target).doesNotExist();
    assertThat(CdbWriter.tempFile(target)).doesNotExist();
  }

  @Test
  void writerRefusesUseAfterCommitOrClose() throws IOException {
    Path target = dir.resolve("x.cdb");
    CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current());
    w.commit();
    w.close(); // after a commit: nothing to clean up
    assertThat(target).exists();
    assertThatThrownBy(() -> w.add(bytes("k"), bytes("v")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(target.toString());
    assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void modeIsExactlyTheRequestedOneDespiteTheUmask() throws IOException {
    // The JVM's umask (usually 022) would take the group and other write bits away.
    Path target = dir.resolve("open.cdb");
    var mode = PosixFilePermissions.fromString("rw-rw-rw-");
    try (CdbWriter w = CdbWriter.create(target, mode, FileOwner.current())) {
      assertThat(Files.getPosixFilePermissions(CdbWriter.tempFile(target))).isEqualTo(mode);
      w.commit();
    }
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(mode);
  }

  @Test
  void modeIsExactUnderUmask077InAChildJvm() throws IOException {
    Path target = dir.resolve("restricted.cdb");
    String java = ProcessHandle.current().info().command().orElseThrow();
    ExternalTools.Result r = ExternalTools.run(List.of("/bin/sh", "-c",
        "umask 077 && exec \"$0\" -cp \"$1\" org.vqpop.cdb.UmaskProbe \"$2\" rw-r-----",
        java, System.getProperty("java.class.path"), target.toString()), new byte[0]);
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.out().strip()).as("mode of the temporary file").isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void fileIsGivenToTheOwner() throws IOException {
    Assumptions.assumeTrue(FileOwner.current().uid() == 0, "needs root to chown");
    Path target = dir.resolve("owned.cdb");
    try (CdbWriter w = CdbWriter.create(target, MODE_644, new FileOwner(4321, 8765))) {
      assertThat(Files.getAttribute(CdbWriter.tempFile(target), "unix:uid")).isEqualTo(4321);
      w.commit();
    }
    assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(4321);
    assertThat(Files.getAttribute(target, "unix:gid")).isEqualTo(8765);
  }

  @Test
  void staleTempFileIsReplaced() throws IOException {
    Path target = dir.resolve("users.cdb");
    Files.write(CdbWriter.tempFile(target), bytes("left over from a crash"));
    Records.write(target, List.of(rec("k", "v")));
    try (CdbReader r = CdbReader.open(target)) {
      assertThat(r.get(bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void symlinkAtTheTempNameIsNotFollowed() throws IOException {
    Path target = dir.resolve("users.cdb");
    Path victim = Files.write(dir.resolve("victim"), bytes("precious"));
    Files.createSymbolicLink(CdbWriter.tempFile(target), victim);
    Records.write(target, List.of(rec("k", "v")));
    assertThat(Files.readAllBytes(victim)).isEqualTo(bytes("precious"));
    assertThat(Files.isSymbolicLink(target)).isFalse();
    assertThat(Files.exists(CdbWriter.tempFile(target), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void missingDirectoryIsAClearError() {
    Path target = dir.resolve("no/such/dir/users.cdb");
    assertThatIOException()
        .isThrownBy(() -> CdbWriter.create(target, MODE_644, FileOwner.current()))
        .withMessageContaining("users.cdb.tmp");
  }
}
