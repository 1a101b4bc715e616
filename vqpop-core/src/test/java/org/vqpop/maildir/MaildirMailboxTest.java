package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.store.Mailbox;
import org.vqpop.store.MessageInfo;
import org.vqpop.store.OpenResult;

class MaildirMailboxTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  Path deliver(String subdir, String name, String body, long secondsAgo) throws IOException {
    Path p = dir.resolve(subdir).resolve(name);
    Files.writeString(p, body, StandardCharsets.ISO_8859_1);
    Files.setLastModifiedTime(p, FileTime.from(NOW.minusSeconds(secondsAgo)));
    return p;
  }

  Mailbox open() {
    OpenResult r = MaildirMailbox.open(dir, CLOCK);
    assertThat(r).isInstanceOf(OpenResult.Opened.class);
    return ((OpenResult.Opened) r).mailbox();
  }

  static List<String> uidls(Mailbox m) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < m.count(); i++) {
      out.add(m.info(i).uidl());
    }
    return out;
  }

  List<String> names(String subdir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(subdir))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void aBigMaildropsIndexIsSettledInTheBackgroundAfterAQuitSoTheLoginAfterNextListsNothing() throws Exception {
    int n = IndexSettler.MIN_MESSAGES + 200;
    for (int i = 0; i < n; i++) {
      deliver("new", (1_600_000_000L + i) + ".M" + i + "P42.mx.example.net", "Subject: " + i + "\n\nbody\n", 3600);
    }
    OpenResult first = MaildirMailbox.open(dir);
    assertThat(first).isInstanceOf(OpenResult.Opened.class);
    try (Mailbox m = ((OpenResult.Opened) first).mailbox()) {
      assertThat(m.commit(new java.util.BitSet()).removed()).isZero(); // QUIT: new/ -> cur/
    }
    OpenResult second = MaildirMailbox.open(dir); // right after: must list, can only record "unsettled"
    try (Mailbox m = ((OpenResult.Opened) second).mailbox()) {
      assertThat(m.count()).isEqualTo(n);
    }
    MaildirIndex.Contents c = MaildirIndex.read(dir);
    assertThat(c).isNotNull();
    assertThat(c.curDir().settled()).isFalse();
    // No login comes; within a few seconds the background scan records both directories settled.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!(c != null && c.newDir().settled() && c.curDir().settled()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      c = MaildirIndex.read(dir);
    }
    assertThat(c).isNotNull();
    assertThat(c.curDir().settled()).isTrue();
    assertThat(c.items()).hasSize(n).allMatch(e -> e.subdir().equals("cur") && e.name().endsWith(":2,"));
    // And the next login reads no directory and no file.
    IndexedScan.Result next = IndexedScan.scan(dir, java.time.Instant.now(), f -> {
      throw new AssertionError("read " + f);
    });
    assertThat(next.dirsListed()).isZero();
    assertThat(next.entries()).hasSize(n);
  }

  @Test
  void scanOrdersNewAndCurTogetherByMtimeThenName() throws IOException {
    deliver("cur", "300.b.host:2,S", "x\n", 300);
    deliver("new", "100.a.host", "x\n", 100);
    deliver("new", "500.c.host", "x\n", 500);
    deliver("cur", "100.b.host:2,", "x\n", 100); // same second as 100.a: name breaks the tie
    deliver("new", ".hidden", "x\n", 1000);
    deliver("new", "now.host", "x\n", 0); // this second: left for the next session, like qmail
    Files.createDirectory(dir.resolve("cur").resolve("adir"));
    try (Mailbox m = open()) {
      assertThat(uidls(m)).containsExactly("500.c.host", "300.b.host", "100.a.host", "100.b.host");
    }
  }

  @Test
  void symlinksAreSkipped() throws IOException {
    Path target = deliver("new", "1.real.host", "x\n", 10);
    Files.createSymbolicLink(dir.resolve("new").resolve("2.link.host"), target);
    try (Mailbox m = open()) {
      assertThat(uidls(m)).containsExactly("1.real.host");
    }
  }

  @Test
  void uidlIsTheNameBeforeTheColon() {
    assertThat(MaildirScan.uidl("1.2.host,S=12:2,RS")).isEqualTo("1.2.host,S=12");
    assertThat(MaildirScan.uidl("1.2.host")).isEqualTo("1.2.host");
    assertThat(MaildirScan.uidl("a b:2,")).startsWith("x-").hasSize(34);
    assertThat(MaildirScan.uidl("caf\u00e9")).startsWith("x-").isNotEqualTo(MaildirScan.uidl("cafe\u0301"));
    assertThat(MaildirScan.uidl("a b")).isEqualTo(MaildirScan.uidl("a b:2,S"));
  }

  @Test
  void sizesComputedWithCrlfAndTakenFromW() throws IOException {
    deliver("new", "1.a.host", "a\nb\n", 30); // 4 bytes, 2 bare LFs
    deliver("new", "2.b.host", "a\r\nb", 20); // 4 bytes + missing final line end
    // W says 1000 although the file has 2 bytes: W is used without reading the file.
    deliver("cur", "3.c.host,S=2,W=1000:2,S", "x\n", 10);
    deliver("cur", "4.d.host,S=4:2,", "a\nb\n", 5); // S only: still read
    try (Mailbox m = open()) {
      assertThat(m.info(0)).isEqualTo(new MessageInfo(6, "1.a.host"));
      assertThat(m.info(1)).isEqualTo(new MessageInfo(6, "2.b.host"));
      assertThat(m.info(2)).isEqualTo(new MessageInfo(1000, "3.c.host,S=2,W=1000"));
      assertThat(m.info(3).size()).isEqualTo(6);
      assertThat(m.totalSize()).isEqualTo(1018);
      try (InputStream in = m.open(1)) {
        assertThat(in.readAllBytes()).isEqualTo("a\r\nb".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void wFieldParsing() {
    assertThat(MaildirScan.sizeFromName("1.x,S=5,W=7:2,")).isEqualTo(7L);
    assertThat(MaildirScan.sizeFromName("1.x,W=7,S=5")).isEqualTo(7L);
    assertThat(MaildirScan.sizeFromName("1.x,W=:2,")).isNull();
    assertThat(MaildirScan.sizeFromName("1.x,W=7a")).isNull();
    assertThat(MaildirScan.sizeFromName("1.x:2,W=7")).isNull(); // after the colon is info, not name
  }

  @Test
  void commitDeletesMarkedAndMovesTheRestOfNewToCur() throws IOException {
    deliver("new", "1.a.host", "x\n", 40);
    deliver("new", "2.b.host", "x\n", 30);
    deliver("cur", "3.c.host:2,S", "x\n", 20);
    deliver("cur", "4.d.host:2,", "x\n", 10);
    try (Mailbox m = open()) {
      deliver("new", "9.late.host", "x\n", 5); // arrives during the session
      BitSet deleted = new BitSet();
      deleted.set(1);
      deleted.set(3);
      Mailbox.CommitResult r = m.commit(deleted);
      assertThat(r).isEqualTo(new Mailbox.CommitResult(2, 0));
    }
    assertThat(names("new")).containsExactly("9.late.host");
    assertThat(names("cur")).containsExactly("1.a.host:2,", "3.c.host:2,S");
  }

  @Test
  void vanishedFileDoesNotFailCommit() throws IOException {
    Path a = deliver("new", "1.a.host", "x\n", 40);
    Path b = deliver("cur", "2.b.host:2,", "x\n", 30);
    try (Mailbox m = open()) {
      Files.delete(a);
      Files.delete(b);
      BitSet deleted = new BitSet();
      deleted.set(1);
      assertThat(m.commit(deleted).complete()).isTrue();
    }
    assertThat(names("new")).isEmpty();
    assertThat(names("cur")).isEmpty();
  }

  @Test
  void commitRecordsTheRemovedStoredSizesInMaildirsize() throws IOException {
    Files.writeString(dir.resolve(MaildirSize.FILE), "10000S,10C\n1300 4\n");
    deliver("new", "1.a.host,S=1234,W=1260", "x\n", 50); // size from the name, not the file
    deliver("cur", "2.b.host:2,S", "twelve bytes", 40); // no S=: the file's size
    Path gone = deliver("cur", "3.c.host,S=50:2,", "x\n", 30); // removed by someone else
    deliver("new", "4.d.host,S=14", "kept\n", 20);
    try (Mailbox m = open()) {
      Files.delete(gone);
      BitSet deleted = new BitSet();
      deleted.set(0, 3);
      assertThat(m.commit(deleted)).isEqualTo(new Mailbox.CommitResult(3, 0));
    }
    assertThat(Files.readString(dir.resolve(MaildirSize.FILE))).isEqualTo("10000S,10C\n1300 4\n-1246 -2\n");
    assertThat(MaildirSize.usage(dir, new Quota(10000, 10))).isEqualTo(new MaildirSize.Usage(54, 2));
  }

  @Test
  void commitWithoutMaildirsizeCreatesNone() throws IOException {
    deliver("new", "1.a.host,S=2", "x\n", 50);
    try (Mailbox m = open()) {
      BitSet deleted = new BitSet();
      deleted.set(0);
      assertThat(m.commit(deleted).complete()).isTrue();
    }
    assertThat(dir.resolve(MaildirSize.FILE)).doesNotExist();
  }

  @Test
  void commitThatRemovesNothingLeavesMaildirsizeAlone() throws IOException {
    Files.writeString(dir.resolve(MaildirSize.FILE), "100S\n2 1\n");
    deliver("new", "1.a.host,S=2", "x\n", 50);
    try (Mailbox m = open()) {
      assertThat(m.commit(new BitSet()).complete()).isTrue();
    }
    assertThat(Files.readString(dir.resolve(MaildirSize.FILE))).isEqualTo("100S\n2 1\n");
  }

  @Test
  void closeWithoutCommitChangesNothing() throws IOException {
    deliver("new", "1.a.host", "x\n", 40);
    deliver("cur", "2.b.host:2,", "x\n", 30);
    open().close();
    assertThat(names("new")).containsExactly("1.a.host");
    assertThat(names("cur")).containsExactly("2.b.host:2,");
  }

  @Test
  void secondOpenIsInUseUntilTheFirstIsClosed() throws Exception {
    Mailbox first = open();
    assertThat(MaildirMailbox.open(dir, CLOCK)).isInstanceOf(OpenResult.InUse.class);
    OpenResult fromThread = CompletableFuture.supplyAsync(() -> MaildirMailbox.open(dir, CLOCK)).get();
    assertThat(fromThread).isInstanceOf(OpenResult.InUse.class);
    // Another path to the same directory is the same maildrop.
    Path alias = dir.getParent().resolve(dir.getFileName() + "-alias");
    Files.createSymbolicLink(alias, dir);
    assertThat(MaildirMailbox.open(alias, CLOCK)).isInstanceOf(OpenResult.InUse.class);
    first.close();
    first.close(); // idempotent
    OpenResult again = CompletableFuture.supplyAsync(() -> MaildirMailbox.open(dir, CLOCK)).get();
    assertThat(again).isInstanceOf(OpenResult.Opened.class);
    ((OpenResult.Opened) again).mailbox().close();
    assertThat(dir.resolve(MaildirLock.FILE)).exists();
  }

  @Test
  void notAMaildirIsPermanent() {
    OpenResult r = MaildirMailbox.open(dir.resolve("nope"), CLOCK);
    assertThat(r).isInstanceOfSatisfying(
        OpenResult.Failed.class, f -> assertThat(f.kind()).isEqualTo(OpenResult.Kind.PERMANENT));
  }

  @Test
  void tmpFilesOlderThan36HoursAreRemovedAtOpen() throws IOException {
    Path old = dir.resolve("tmp").resolve("old");
    Path young = dir.resolve("tmp").resolve("young");
    Path readRecently = dir.resolve("tmp").resolve("read-recently");
    for (Path p : List.of(old, young, readRecently)) {
      Files.writeString(p, "x");
    }
    FileTime longAgo = FileTime.from(NOW.minus(37, ChronoUnit.HOURS));
    setTimes(old, longAgo, longAgo);
    setTimes(young, FileTime.from(NOW.minus(35, ChronoUnit.HOURS)), FileTime.from(NOW.minus(35, ChronoUnit.HOURS)));
    setTimes(readRecently, longAgo, FileTime.from(NOW.minus(1, ChronoUnit.HOURS)));
    open().close();
    assertThat(old).doesNotExist();
    assertThat(young).exists();
    assertThat(readRecently).exists();
  }

  static void setTimes(Path p, FileTime mtime, FileTime atime) throws IOException {
    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class).setTimes(mtime, atime, null);
  }

  @Test
  void emptyMaildir() {
    try (Mailbox m = open()) {
      assertThat(m.count()).isZero();
      assertThat(m.totalSize()).isZero();
    }
  }

  @Test
  void maildirNamesAreOrderedByTheTimeTheyStartWithWithoutAStat() throws IOException {
    long t = NOW.getEpochSecond();
    // mtimes say the opposite order: the names' times win, as for any maildir(5) delivery.
    deliver("new", (t - 100) + ".M1P1Q1.host,S=2,W=3", "x\n", 1);
    deliver("new", (t - 200) + ".M1P1Q2.host,S=2,W=3", "x\n", 2);
    deliver("new", t + ".M1P1Q3.host,S=2,W=3", "x\n", 50); // named this second: next session
    deliver("new", "123.short.host", "x\n", 150); // no time in the name: its mtime
    try (Mailbox m = open()) {
      assertThat(uidls(m)).containsExactly((t - 200) + ".M1P1Q2.host,S=2,W=3", "123.short.host",
          (t - 100) + ".M1P1Q1.host,S=2,W=3");
    }
    assertThat(MaildirScan.nameTime("1700000000.M1.h")).isEqualTo(1700000000L);
    assertThat(MaildirScan.nameTime("17000000000.x")).isEqualTo(17000000000L);
    assertThat(MaildirScan.nameTime("99999999.x")).isEqualTo(-1);
    assertThat(MaildirScan.nameTime("0999999999.x")).isEqualTo(-1);
    assertThat(MaildirScan.nameTime("17000x0000.x")).isEqualTo(-1);
    assertThat(MaildirScan.nameTime("1700000000")).isEqualTo(-1);
  }

  @Test
  void aSymbolicLinkWithAMaildirNameIsNeverFollowed() throws IOException {
    Path secret = Files.writeString(dir.getParent().resolve("secret-" + System.nanoTime()), "secret\n");
    long t = NOW.getEpochSecond() - 10;
    Files.createSymbolicLink(dir.resolve("new").resolve(t + ".M1P1Q1.host,S=7,W=8"), secret);
    Files.createSymbolicLink(dir.resolve("new").resolve((t + 1) + ".M1P1Q2.host"), secret);
    try (Mailbox m = open()) {
      // readdir says what it is: not listed, never read through.
      assertThat(m.count()).isZero();
    } finally {
      Files.delete(secret);
    }
  }
}
