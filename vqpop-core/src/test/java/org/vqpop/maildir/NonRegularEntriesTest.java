package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.fs.NotRegularFileException;
import org.vqpop.store.Mailbox;
import org.vqpop.store.OpenResult;
import org.vqpop.testing.SpecialFiles;

/**
 * A maildrop with FIFOs, sockets, devices, directories and symbolic links named like messages in
 * {@code new/} and {@code cur/}: the session sees only the real messages, nothing blocks (each
 * test fails on its deadline rather than hanging), and the lock is free again afterwards. Also a
 * FIFO put in place of a listed message, of the lock file and of {@code maildirsize}.
 */
class NonRegularEntriesTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Duration DEADLINE = Duration.ofSeconds(10);
  static final long T = NOW.getEpochSecond() - 100;

  @TempDir Path dir;
  @TempDir Path outside;

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  Path deliver(String subdir, String name, String body) throws IOException {
    Path p = dir.resolve(subdir).resolve(name);
    Files.writeString(p, body, StandardCharsets.ISO_8859_1);
    Files.setLastModifiedTime(p, FileTime.from(NOW.minusSeconds(200)));
    return p;
  }

  /** Every kind of non-file, with and without a size and a time in the name, in new/ and cur/. */
  void plantEverything() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret"), "secret\n");
    int i = 0;
    for (String sub : new String[] {"new", "cur"}) {
      String info = sub.equals("cur") ? ":2,S" : "";
      Path at = dir.resolve(sub);
      for (String k : new String[] {"f", "s", "d", "l", "c"}) {
        for (String n : List.of((T + i) + ".M1P" + i + "Q1" + k + ".host,S=7,W=8" + info,
            (T + i) + ".M2P" + i + "Q2" + k + ".host" + info, "noTime" + i + k + info)) {
          Path p = at.resolve(n);
          switch (k) {
            case "f" -> SpecialFiles.fifo(p);
            case "s" -> SpecialFiles.socket(p);
            case "d" -> Files.createDirectory(p);
            case "l" -> Files.createSymbolicLink(p, secret);
            default -> {
              if (SpecialFiles.canMakeDevices()) {
                SpecialFiles.charDevice(p);
              }
            }
          }
        }
      }
      i++;
    }
  }

  static List<String> uidls(Mailbox m) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < m.count(); i++) {
      out.add(m.info(i).uidl());
    }
    return out;
  }

  Mailbox open() {
    OpenResult r = MaildirMailbox.open(dir, CLOCK);
    assertThat(r).isInstanceOf(OpenResult.Opened.class);
    return ((OpenResult.Opened) r).mailbox();
  }

  @Test
  void onlyTheRealMessagesAreListedReadAndCommitted() {
    assertTimeoutPreemptively(DEADLINE, () -> {
      deliver("new", (T - 50) + ".M9P9Q9.host,S=6,W=7", "one.\n");
      deliver("cur", (T - 40) + ".M9P9Q8.host:2,S", "two.\n");
      deliver("cur", "plain-name:2,", "three\n");
      plantEverything();
      try (Mailbox m = open()) {
        assertThat(uidls(m)).containsExactly("plain-name", (T - 50) + ".M9P9Q9.host,S=6,W=7", (T - 40) + ".M9P9Q8.host");
        for (int i = 0; i < m.count(); i++) {
          try (InputStream in = m.open(i)) {
            assertThat(in.readAllBytes()).isNotEmpty();
          }
        }
        BitSet del = new BitSet();
        del.set(0);
        assertThat(m.commit(del).complete()).isTrue();
      }
      try (Mailbox again = open()) {
        assertThat(again.count()).isEqualTo(2);
      }
    });
  }

  @Test
  void aMessageReplacedByAFifoAfterTheScanIsRefusedNotBlocking() {
    assertTimeoutPreemptively(DEADLINE, () -> {
      Path p = deliver("cur", T + ".M1P1Q1.host,S=6,W=7:2,", "text\n");
      Path q = deliver("cur", "unsized:2,", "text\n");
      try (Mailbox m = open()) {
        assertThat(m.count()).isEqualTo(2);
        Files.delete(p);
        SpecialFiles.fifo(p);
        Files.delete(q);
        SpecialFiles.fifo(q);
        assertThatThrownBy(() -> m.open(0)).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> m.open(1)).isInstanceOf(NotRegularFileException.class);
        m.commit(new BitSet()); // moves nothing (cur/), reads nothing
      }
      try (Mailbox again = open()) {
        assertThat(again.count()).isZero();
      }
    });
  }

  @Test
  void aFifoInPlaceOfTheLockFileFailsTheOpenAndLeavesNothingHeld() {
    assertTimeoutPreemptively(DEADLINE, () -> {
      Path lock = dir.resolve(MaildirLock.FILE);
      SpecialFiles.fifo(lock);
      OpenResult r = MaildirMailbox.open(dir, CLOCK);
      assertThat(r).isInstanceOfSatisfying(OpenResult.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(OpenResult.Kind.TEMPORARY);
        assertThat(f.toString()).contains(lock.toString()).contains("FIFO");
      });
      Files.delete(lock);
      try (Mailbox m = open()) {
        assertThat(m.count()).isZero();
      }
    });
  }

  @Test
  void aFifoInPlaceOfMaildirsizeNeitherBlocksTheCommitNorTheQuotaCheck() {
    assertTimeoutPreemptively(DEADLINE, () -> {
      deliver("cur", T + ".M1P1Q1.host,S=6,W=7:2,", "text\n");
      SpecialFiles.fifo(dir.resolve(MaildirSize.FILE));
      try (Mailbox m = open()) {
        BitSet all = new BitSet();
        all.set(0);
        m.commit(all);
      }
      Path file = dir.resolve(MaildirSize.FILE);
      assertThat(MaildirSize.read(file, new Quota(1000, 0))).isNull(); // cannot be read: recomputed
      assertThat(MaildirSize.scan(dir)).isEqualTo(new MaildirSize.Usage(0, 0));
      // A delivery's check recomputes it, which replaces the FIFO with the file.
      assertThat(MaildirSize.check(dir, new Quota(1000, 0), 10, NOW).allowed()).isTrue();
      assertThat(Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    });
  }
}
