package org.vqpop.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.testing.SpecialFiles;

/**
 * Every way {@link RegularFile} opens a file, on every kind of entry that is not a regular file:
 * refused at once (the timeout turns a hang into a failure), never followed.
 */
class RegularFileTest {
  static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void readsARegularFile() throws Exception {
    Path f = Files.writeString(dir.resolve("m"), "hello\n");
    try (InputStream in = RegularFile.newInputStream(f)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    }
    assertThatThrownBy(() -> RegularFile.openRead(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aFifoIsRefusedByEveryOpenWithoutBlocking() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("fifo"));
    assertRefused(fifo, FileType.FIFO);
  }

  @Test
  void aSocketIsRefused() throws Exception {
    assertRefused(SpecialFiles.socket(dir.resolve("sock")), FileType.SOCKET);
  }

  @Test
  void aDirectoryIsRefused() throws Exception {
    assertRefused(Files.createDirectory(dir.resolve("d")), FileType.DIRECTORY);
  }

  @Test
  void aSymbolicLinkIsNeverFollowed() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "secret\n");
    assertRefused(Files.createSymbolicLink(dir.resolve("link"), target), FileType.SYMLINK);
    assertThat(Files.readString(target)).isEqualTo("secret\n");
  }

  @Test
  void aDeviceIsRefused() throws Exception {
    assumeTrue(SpecialFiles.canMakeDevices(), "not root: cannot mknod, the device case is not tested");
    assertRefused(SpecialFiles.charDevice(dir.resolve("null")), FileType.CHAR_DEVICE);
  }

  private static void assertRefused(Path p, FileType type) {
    assertTimeoutPreemptively(DEADLINE, () -> {
      assertThatThrownBy(() -> RegularFile.openRead(p)).isInstanceOfSatisfying(NotRegularFileException.class,
          e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(p.toString()).contains(type.description());
          });
      assertThatThrownBy(() -> RegularFile.openAppend(p)).isInstanceOf(NotRegularFileException.class);
      assertThatThrownBy(() -> RegularFile.readAtMost(p, 100)).isInstanceOf(NotRegularFileException.class);
      assertThatThrownBy(() -> RegularFile.openOrCreate(p, PosixFilePermissions.fromString("rw-------")))
          .isInstanceOf(NotRegularFileException.class);
    });
  }

  @Test
  void openOrCreateMakesAFileWithTheModeAndAppendAppends() throws Exception {
    Path f = dir.resolve("lock");
    try (FileChannel ch = RegularFile.openOrCreate(f, PosixFilePermissions.fromString("rw-------"))) {
      assertThat(ch.tryLock()).isNotNull();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    try (FileChannel ch = RegularFile.openAppend(f)) {
      ch.write(ByteBuffer.wrap("a\n".getBytes(StandardCharsets.US_ASCII)));
    }
    try (FileChannel ch = RegularFile.openAppend(f)) {
      ch.write(ByteBuffer.wrap("b\n".getBytes(StandardCharsets.US_ASCII)));
    }
    assertThat(Files.readString(f)).isEqualTo("a\nb\n");
    assertThatThrownBy(() -> RegularFile.openAppend(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void readAtMostStopsOneBytePastTheLimit() throws Exception {
    Path f = Files.write(dir.resolve("big"), new byte[10_000]);
    assertThat(RegularFile.readAtMost(f, 100)).hasSize(101);
    assertThat(RegularFile.readAtMost(f, 10_000)).hasSize(10_000);
    assertThat(RegularFile.readAtMost(Files.write(dir.resolve("empty"), new byte[0]), 100)).isEmpty();
  }

  @Test
  void listingReportsWhatEachEntryIs() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    Files.createDirectory(dir.resolve("dir"));
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("file"));
    SpecialFiles.fifo(dir.resolve("fifo"));
    SpecialFiles.socket(dir.resolve("sock"));
    Map<String, FileType> types = DirectoryListing.list(dir).stream()
        .collect(Collectors.toMap(DirectoryListing.Entry::name, DirectoryListing.Entry::type));
    assertThat(types.keySet()).containsExactlyInAnyOrder("file", "dir", "link", "fifo", "sock");
    // UNKNOWN is allowed (file systems without d_type); a wrong type is not.
    Map<String, FileType> expected = Map.of("file", FileType.REGULAR, "dir", FileType.DIRECTORY, "link",
        FileType.SYMLINK, "fifo", FileType.FIFO, "sock", FileType.SOCKET);
    expected.forEach((name, t) -> assertThat(types.get(name)).isIn(t, FileType.UNKNOWN));
  }
}
