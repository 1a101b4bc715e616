package org.vqpop.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The same contract with the native calls and with the JDK fallback of a platform without them. */
class DirectoryHandleTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void unlinkRemovesAnEntryAndSaysWhenItWasNotThere(boolean nativeCalls) throws IOException {
    Files.writeString(tmp.resolve("a"), "x");
    Files.writeString(tmp.resolve("b"), "y");
    try (DirectoryHandle d = DirectoryHandle.open(tmp, nativeCalls)) {
      assertThat(d.unlink("a")).isTrue();
      assertThat(d.unlink("a")).isFalse();
    }
    assertThat(tmp.resolve("a")).doesNotExist();
    assertThat(tmp.resolve("b")).hasContent("y");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void renameMovesBetweenDirectoriesAndReplacesTheTarget(boolean nativeCalls) throws IOException {
    Path from = Files.createDirectory(tmp.resolve("new"));
    Path to = Files.createDirectory(tmp.resolve("cur"));
    Files.writeString(from.resolve("m1"), "one");
    Files.writeString(from.resolve("m2"), "two");
    Files.writeString(to.resolve("m2:2,"), "old");
    try (DirectoryHandle n = DirectoryHandle.open(from, nativeCalls); DirectoryHandle c = DirectoryHandle.open(to, nativeCalls)) {
      assertThat(n.renameTo("m1", c, "m1:2,")).isTrue();
      assertThat(n.renameTo("m2", c, "m2:2,")).isTrue();
      assertThat(n.renameTo("gone", c, "gone:2,")).isFalse();
    }
    assertThat(from).isEmptyDirectory();
    assertThat(to.resolve("m1:2,")).hasContent("one");
    assertThat(to.resolve("m2:2,")).hasContent("two");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void errorsNameThePathAndTheCause(boolean nativeCalls) throws IOException {
    Files.createDirectory(tmp.resolve("sub"));
    try (DirectoryHandle d = DirectoryHandle.open(tmp, nativeCalls)) {
      assertThatThrownBy(() -> d.unlink("sub"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(tmp.resolve("sub").toString())
          .hasMessageContaining("cannot remove");
    }
    assertThat(tmp.resolve("sub")).isDirectory();
    assertThatThrownBy(() -> DirectoryHandle.open(tmp.resolve("missing"), nativeCalls)).isInstanceOf(NoSuchFileException.class);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aSymbolicLinkIsNotOpenedAsTheDirectory(boolean nativeCalls) throws IOException {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.writeString(real.resolve("keep"), "k");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertThatThrownBy(() -> DirectoryHandle.open(link, nativeCalls)).isInstanceOf(IOException.class)
        .hasMessageContaining(link.toString());
    assertThat(real.resolve("keep")).exists();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void namesThatLeaveTheDirectoryAreRefused(boolean nativeCalls) throws IOException {
    Files.createDirectory(tmp.resolve("d"));
    Files.writeString(tmp.resolve("outside"), "o");
    try (DirectoryHandle d = DirectoryHandle.open(tmp.resolve("d"), nativeCalls)) {
      for (String bad : new String[] {"../outside", "..", ".", "", "a/b"}) {
        assertThatThrownBy(() -> d.unlink(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(tmp.resolve("outside")).exists();
  }
}
