package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.wire.MessageSize;

/**
 * The index never changes what a scan finds: every test compares {@link IndexedScan} with the
 * plain {@link MaildirScan} over the same Maildir, after changes made the way other programs make
 * them (qmail-local's names without {@code ,W=}, renames into {@code cur/}, deletions, times set
 * by hand), and checks how much work the index saved.
 */
class IndexedScanTest {
  @TempDir Path dir;
  /** Messages sized from their content, to count how often a file is read. */
  final AtomicInteger reads = new AtomicInteger();
  long base = Instant.now().getEpochSecond() - 100_000;
  int seq;

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(dir);
  }

  /** A time after every change so far has settled, as a later login sees it. */
  static Instant later() {
    return Instant.now().plusSeconds(5);
  }

  @Nullable Long size(Path file) throws IOException {
    reads.incrementAndGet();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return MessageSize.of(in);
    }
  }

  IndexedScan.Result indexed(Instant now) throws IOException {
    return IndexedScan.scan(dir, now, this::size);
  }

  /** A name as qmail-local makes it: time, M-usec-P-pid, host; no size in it. */
  Path qmailLocal(String body) throws IOException {
    long t = base + seq++;
    Path p = dir.resolve("new").resolve(t + ".M" + (100000 + seq) + "P" + (4000 + seq) + ".mx.example.net");
    Files.writeString(p, body, StandardCharsets.ISO_8859_1);
    return p;
  }

  /** A name without a time: ordered by its mtime. */
  Path oddName(String subdir, String name, String body, long mtime) throws IOException {
    Path p = dir.resolve(subdir).resolve(name);
    Files.writeString(p, body, StandardCharsets.ISO_8859_1);
    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(mtime)));
    return p;
  }

  void assertSameAsPlainScan(Instant now) throws IOException {
    List<MaildirScan.Entry> plain = MaildirScan.scan(dir, now);
    List<MaildirScan.Entry> viaIndex = indexed(now).entries();
    assertThat(viaIndex).containsExactlyElementsOf(plain);
  }

  @Test
  void anUnchangedMaildropIsServedFromTheIndexWithoutListingOrReading() throws IOException {
    for (int i = 0; i < 50; i++) {
      qmailLocal("Subject: " + i + "\n\nbody\nline " + i + "\n");
    }
    oddName("cur", "odd-name", "x\ny\n", base - 5);
    IndexedScan.Result first = indexed(later());
    assertThat(first.dirsListed()).isEqualTo(2);
    assertThat(first.indexWritten()).isTrue();
    assertThat(reads.get()).isEqualTo(51);
    assertThat(first.entries()).containsExactlyElementsOf(MaildirScan.scan(dir, later()));

    reads.set(0);
    IndexedScan.Result second = indexed(later());
    assertThat(second.dirsListed()).isZero();
    assertThat(second.indexWritten()).isFalse();
    assertThat(reads.get()).isZero();
    assertThat(second.entries()).containsExactlyElementsOf(first.entries());
  }

  @Test
  void aMessageWithoutItsSizeInTheNameIsReadOnceInItsLife() throws IOException {
    Path m = qmailLocal("a\nb\nc\n");
    indexed(later());
    assertThat(reads.get()).isEqualTo(1);
    // qmail-pop3d's (and vqpop's) QUIT: new/NAME to cur/NAME:2, ; then an IMAP server's flag.
    Path cur = dir.resolve("cur").resolve(m.getFileName() + ":2,");
    Files.move(m, cur);
    IndexedScan.Result r = indexed(later());
    assertThat(r.dirsListed()).isEqualTo(2);
    Files.move(cur, dir.resolve("cur").resolve(m.getFileName() + ":2,S"));
    indexed(later());
    assertThat(reads.get()).isEqualTo(1);
    assertSameAsPlainScan(later());
  }

  @Test
  void deliveriesRenamesAndDeletionsByOtherProgramsAreSeen() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 30; round++) {
      switch (random.nextInt(4)) {
        case 0 -> qmailLocal("m" + round + "\n".repeat(random.nextInt(5)));
        case 1 -> oddName("new", "plain" + round, "x\n", base - random.nextInt(1000));
        case 2 -> {
          String[] names = dir.resolve("new").toFile().list();
          if (names != null && names.length > 0) {
            String n = names[random.nextInt(names.length)];
            Files.move(dir.resolve("new").resolve(n), dir.resolve("cur").resolve(n + ":2,"));
          }
        }
        default -> {
          String[] names = dir.resolve("cur").toFile().list();
          if (names != null && names.length > 0) {
            Files.delete(dir.resolve("cur").resolve(names[random.nextInt(names.length)]));
          }
        }
      }
      assertSameAsPlainScan(later());
    }
  }

  @Test
  void noMessageIsMissedWhileAnotherProgramDeliversDuringScans() throws Exception {
    // Another program delivers as qmail-local does (tmp/, then rename into new/, the current time
    // in the name) while sessions scan with the real clock. Every scan must list every message
    // whose rename finished before the scan began (less those of the current second, which
    // qmail-pop3d's rule leaves for the next session).
    java.util.concurrent.ConcurrentLinkedQueue<Object[]> done = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread deliverer = Thread.ofPlatform().start(() -> {
      int n = 0;
      try {
        while (!stop.get()) {
          long t = Instant.now().getEpochSecond();
          String name = t + ".M" + n + "P99.mx.example.net";
          Path tmp = dir.resolve("tmp").resolve(name);
          Files.writeString(tmp, "message " + n + "\n");
          Files.move(tmp, dir.resolve("new").resolve(name));
          done.add(new Object[] {name, System.nanoTime()});
          n++;
          Thread.sleep(n % 7);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(6);
      int scans = 0;
      while (System.nanoTime() < end) {
        long startNanos = System.nanoTime();
        Instant now = Instant.now();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (MaildirScan.Entry e : indexed(now).entries()) {
          listed.add(e.name());
        }
        for (Object[] d : done) {
          String name = (String) d[0];
          if ((long) d[1] < startNanos && MaildirScan.nameTime(name) < now.getEpochSecond()) {
            assertThat(listed).as("scan %d at %s", scans, now).contains(name);
          }
        }
        scans++;
      }
      assertThat(scans).isGreaterThan(10);
    } finally {
      stop.set(true);
      deliverer.join();
    }
    assertSameAsPlainScan(later());
    assertThat(indexed(later()).entries()).hasSize(done.size());
  }

  @Test
  void aTimeSetBackByHandDoesNotHideAChange() throws IOException {
    qmailLocal("one\n");
    indexed(later());
    FileTime before = Files.getLastModifiedTime(dir.resolve("new"));
    qmailLocal("two\n");
    // Someone restores the directory's mtime (touch -d, rsync -t): its ctime still moved.
    Files.setLastModifiedTime(dir.resolve("new"), before);
    IndexedScan.Result r = indexed(later());
    assertThat(r.entries()).hasSize(2);
    assertThat(r.dirsListed()).isEqualTo(1);
  }

  @Test
  void aDirectoryChangedJustBeforeTheScanIsListedAgainNextTime() throws IOException {
    qmailLocal("one\n");
    // The clock says the directory changed a moment ago: a file created in the same clock tick
    // after the listing would not move its timestamps, so the index must not vouch for it.
    Instant justNow = Instant.now();
    indexed(justNow);
    IndexedScan.Result r = indexed(later());
    assertThat(r.dirsListed()).isEqualTo(2);
    IndexedScan.Result settled = indexed(later());
    assertThat(settled.dirsListed()).isZero();
  }

  @Test
  void aTornCorruptForeignOrMissingIndexMeansAFullScan() throws IOException {
    for (int i = 0; i < 10; i++) {
      qmailLocal("message " + i + "\n");
    }
    indexed(later());
    Path index = dir.resolve(MaildirIndex.FILE_NAME);
    byte[] good = Files.readAllBytes(index);

    // Torn: a crash left half of it.
    Files.write(index, java.util.Arrays.copyOf(good, good.length / 2));
    reads.set(0);
    assertThat(indexed(later()).dirsListed()).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(10);

    // One flipped bit in a size.
    byte[] flipped = good.clone();
    flipped[flipped.length - 10] ^= 1;
    Files.write(index, flipped);
    reads.set(0);
    assertThat(indexed(later()).dirsListed()).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(10);
    assertSameAsPlainScan(later());

    // Another Maildir's index, copied in whole (a restore, cp -a of one user onto another).
    Path other = dir.resolveSibling(dir.getFileName() + "-other");
    Maildirs.create(other);
    Files.writeString(other.resolve("new").resolve(base + ".M1P1.other"), "a much longer message\n");
    IndexedScan.scan(other, later(), this::size);
    Files.copy(other.resolve(MaildirIndex.FILE_NAME), index, StandardCopyOption.REPLACE_EXISTING);
    assertSameAsPlainScan(later());

    // Not a regular file: a FIFO must not hang the login.
    Files.delete(index);
    new ProcessBuilder("mkfifo", index.toString()).inheritIO().start().onExit().join();
    assertSameAsPlainScan(later());
    Files.delete(index);
    assertSameAsPlainScan(later());
  }

  @Test
  void aClockSteppedBackBehindTheIndexMeansAFullScan() throws IOException {
    qmailLocal("one\n");
    indexed(later().plusSeconds(3600)); // written "an hour from now"
    reads.set(0);
    IndexedScan.Result r = indexed(later());
    assertThat(r.dirsListed()).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(1);
  }

  @Test
  void aQuitThatMovesEveryMessageToCurAndDeletesSomeReadsOnlyWhatIsNew() throws IOException {
    List<Path> delivered = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      delivered.add(qmailLocal("message " + i + "\n".repeat(i % 7)));
    }
    indexed(later());
    assertThat(reads.get()).isEqualTo(1000);
    // As a POP3 QUIT does it: every third message unlinked, the rest renamed new/X -> cur/X:2,
    for (int i = 0; i < delivered.size(); i++) {
      Path m = delivered.get(i);
      if (i % 3 == 0) {
        Files.delete(m);
      } else {
        Files.move(m, dir.resolve("cur").resolve(m.getFileName() + ":2,"));
      }
    }
    qmailLocal("arrived after the quit\n");
    reads.set(0);
    IndexedScan.Result r = indexed(later());
    assertThat(r.dirsListed()).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(1);
    assertThat(r.entries()).hasSize(666 + 1);
    assertSameAsPlainScan(later());
  }

  @Test
  void aRenameThatChangesTheOrderOfTwoNamesOfTheSameSecondKeepsTheScanOrder() throws IOException {
    // Same mtime, no time in the names: ordered by name. "x" < "x2", but "x2:2," < "x:2,".
    long t = base - 5000;
    oddName("new", "x", "one\n", t);
    oddName("new", "x2", "two\n", t);
    oddName("new", "w", "three\n", t);
    assertSameAsPlainScan(later());
    for (String n : new String[] {"x", "x2", "w"}) {
      Files.move(dir.resolve("new").resolve(n), dir.resolve("cur").resolve(n + ":2,"));
    }
    IndexedScan.Result r = indexed(later());
    assertThat(r.entries()).extracting(MaildirScan.Entry::name).containsExactly("w:2,", "x2:2,", "x:2,");
    assertSameAsPlainScan(later());
  }

  @Test
  void aMessageInBothNewAndCurIsListedTwiceAsAScanListsIt() throws IOException {
    Path m = qmailLocal("twice\n");
    indexed(later());
    Files.copy(m, dir.resolve("cur").resolve(m.getFileName() + ":2,S"));
    assertSameAsPlainScan(later());
    assertThat(indexed(later()).entries()).hasSize(2);
    Files.delete(m);
    assertSameAsPlainScan(later());
    assertThat(indexed(later()).entries()).hasSize(1);
  }

  @Test
  void anEmptyMaildropAndOneMessage() throws IOException {
    assertThat(indexed(later()).entries()).isEmpty();
    assertThat(indexed(later()).dirsListed()).isZero();
    qmailLocal("only\n");
    assertSameAsPlainScan(later());
    assertThat(indexed(later()).dirsListed()).isZero();
  }

  @Test
  void aHundredThousandMessages() throws IOException {
    // The size the index is for: a qmail-era maildrop read by qmail-pop3d (cur/, ":2,"), no ,W=.
    byte[] body = "Subject: x\n\nline one\nline two\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 100_000; i++) {
      Files.write(dir.resolve("cur").resolve((base + i / 10) + ".M" + i + "P7.mx.example.net:2,"), body);
    }
    IndexedScan.Result first = indexed(later());
    assertThat(first.entries()).hasSize(100_000).containsExactlyElementsOf(MaildirScan.scan(dir, later()));
    assertThat(reads.get()).isEqualTo(100_000);
    assertThat(first.entries().get(0).size()).isEqualTo(body.length + 4);
    reads.set(0);
    IndexedScan.Result second = indexed(later());
    assertThat(second.dirsListed()).isZero();
    assertThat(reads.get()).isZero();
    assertThat(second.entries()).containsExactlyElementsOf(first.entries());
    // One delivery: new/ is listed, cur/ is not, and only the new message is read.
    qmailLocal("new one\n");
    IndexedScan.Result third = indexed(later());
    assertThat(third.dirsListed()).isEqualTo(1);
    assertThat(reads.get()).isEqualTo(1);
    assertThat(third.entries()).hasSize(100_001);
  }

  @Test
  void encodeAndDecodeRoundTrip() {
    var c = new MaildirIndex.Contents(42,
        new MaildirIndex.DirState(1, 2, 3, true), new MaildirIndex.DirState(4, 5, 6, false), 789,
        List.of(new MaildirScan.Entry("new", "1700000000.M1P2.h,S=3,W=4", 1_700_000_000L, 4),
            new MaildirScan.Entry("cur", "naïve:2,S", 12, 0)));
    assertThat(MaildirIndex.decode(MaildirIndex.encode(c))).isEqualTo(c);
    byte[] bytes = MaildirIndex.encode(c);
    for (int cut = 0; cut < bytes.length; cut++) {
      assertThat(MaildirIndex.decode(java.util.Arrays.copyOf(bytes, cut))).isNull();
    }
  }
}
