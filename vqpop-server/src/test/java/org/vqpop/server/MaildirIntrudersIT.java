package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.testing.SpecialFiles;

/**
 * Issue 11 item 2 over a real socket: entries named like messages in {@code new/} and {@code
 * cur/} that are not regular files (FIFO, Unix socket, device node, directory, symbolic link to a
 * file outside the maildrop) neither hang the login nor RETR, are not offered, and leave the lock
 * free for the next login. Every step has a deadline (client socket timeouts and an overall
 * preemptive timeout), so the old behaviour, a session hung in {@code open(2)} of a FIFO with the
 * lock held, fails the test instead of hanging it.
 */
class MaildirIntrudersIT {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final String M1 = "From: a@example.net\r\nSubject: one\r\n\r\nfirst\r\n";
  static final String M2 = "From: b@example.net\nSubject: two\n\nsecond\n";
  static final String M3 = "Subject: three\r\n\r\nthird, in cur/\r\n";

  @TempDir Path dir;
  @TempDir Path outside;
  MailFixture mail;
  ServerFixture server;
  Path maildir;
  List<String> real = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    maildir = mail.maildir(MailFixture.ALICE);
    real.add(MailFixture.name(mail.deliver(MailFixture.ALICE, M1)));
    real.add(MailFixture.name(mail.deliver(MailFixture.ALICE, M2)));
    Path p = maildir.resolve("cur").resolve("1700000100.M3P1.test:2,S");
    Files.writeString(p, M3, StandardCharsets.ISO_8859_1);
    real.add("1700000100.M3P1.test");
    server = new ServerFixture(mail.config());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Names like real deliveries' (a time, with and without Maildir++ sizes, which spare the scan a
   * stat or a read) and one without a time, in new/ and cur/; {@code kind} is part of the name.
   */
  List<Path> names(String kind) {
    List<Path> out = new ArrayList<>();
    for (String sub : new String[] {"new", "cur"}) {
      String info = sub.equals("cur") ? ":2,S" : "";
      Path at = maildir.resolve(sub);
      out.add(at.resolve("1700000050.M1P1" + kind + ".test,S=20,W=21" + info));
      out.add(at.resolve("1700000051.M1P2" + kind + ".test" + info));
      out.add(at.resolve("x-" + kind + info));
    }
    return out;
  }

  @Test
  void fifosSocketsDirectoriesAndLinksAreNotMessagesAndHangNothing() {
    assertTimeoutPreemptively(DEADLINE, () -> {
      Path secret = Files.writeString(outside.resolve("secret"), "Subject: not yours\n\nsecret\n");
      for (Path p : names("fifo")) {
        SpecialFiles.fifo(p);
      }
      for (Path p : names("sock")) {
        SpecialFiles.socket(p);
      }
      for (Path p : names("dir")) {
        Files.createDirectory(p);
      }
      for (Path p : names("link")) {
        Files.createSymbolicLink(p, secret);
      }
      poplibSeesOnlyTheRealMessagesTwice();
      aListedMessageReplacedByAFifoIsErrAndTheLockIsFreeAfterwards();
    });
  }

  @Test
  void deviceNodesAreNotMessages() {
    assumeTrue(SpecialFiles.canMakeDevices(), "not root: mknod is not allowed, the device node case is skipped");
    assertTimeoutPreemptively(DEADLINE, () -> {
      for (Path p : names("dev")) {
        SpecialFiles.charDevice(p);
      }
      poplibSeesOnlyTheRealMessagesTwice();
    });
  }

  static final String POPLIB = """
      import poplib, sys
      port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
      for round in (1, 2):
          p = poplib.POP3("127.0.0.1", port, timeout=10)
          p.user(user)
          p.pass_(password)
          count, size = p.stat()
          print("STAT", count, size)
          print("LIST", " ".join(l.decode() for l in p.list()[1]))
          print("UIDL", " ".join(l.decode() for l in p.uidl()[1]))
          for i in range(1, count + 1):
              resp, lines, octets = p.retr(i)
              print("RETR", i, octets, lines[-1].decode())
          print("QUIT", p.quit().decode()[:3])
      """;

  /** Python's poplib logs in, lists, retrieves everything, QUITs, and does it all again. */
  void poplibSeesOnlyTheRealMessagesTwice() throws Exception {
    Path script = dir.resolve("pop.py");
    Files.writeString(script, POPLIB);
    Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(server.pop3().getPort()),
        MailFixture.ALICE, MailFixture.ALICE_PW).redirectErrorStream(true).start();
    p.getOutputStream().close();
    boolean exited = p.waitFor(40, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("poplib finished in time; output:\n%s", out).isTrue();
    assertThat(p.exitValue()).as("poplib's exit status; output:\n%s", out).isZero();
    long total = M1.length() + M2.replace("\n", "\r\n").length() + M3.length();
    String round = "STAT 3 " + total + "\n"
        + "LIST 1 " + M1.length() + " 2 " + M2.replace("\n", "\r\n").length() + " 3 " + M3.length() + "\n"
        + "UIDL 1 " + real.get(0) + " 2 " + real.get(1) + " 3 " + real.get(2) + "\n"
        + "RETR 1 " + M1.length() + " first\n"
        + "RETR 2 " + M2.replace("\n", "\r\n").length() + " second\n"
        + "RETR 3 " + M3.length() + " third, in cur/\n"
        + "QUIT +OK";
    assertThat(out).startsWith(round + "\n" + round);
  }

  /**
   * A message the login listed is replaced by a FIFO before RETR: -ERR, at once; QUIT; the next
   * login is not [IN-USE]. Then a client that goes away without QUIT: the lock is free for the
   * next login at once.
   */
  void aListedMessageReplacedByAFifoIsErrAndTheLockIsFreeAfterwards() throws Exception {
    try (Pop3Script c = Pop3Script.plain(server.pop3())) {
      c.login(MailFixture.ALICE, MailFixture.ALICE_PW);
      c.command("STAT", "+OK 3 ");
      Path first = maildir.resolve("cur").resolve(real.get(0) + ":2,");
      Files.delete(first);
      SpecialFiles.fifo(first);
      c.command("RETR 1", "-ERR");
      c.command("TOP 1 0", "-ERR");
      assertThat(c.retr(2)).isEqualTo(M2.replace("\n", "\r\n"));
      c.command("QUIT", "+OK");
    }
    try (Pop3Script c = Pop3Script.plain(server.pop3())) {
      c.login(MailFixture.ALICE, MailFixture.ALICE_PW);
      c.command("STAT", "+OK 2 ");
      // Gone without QUIT.
    }
    try (Pop3Script c = Pop3Script.plain(server.pop3())) {
      c.command("USER " + MailFixture.ALICE, "+OK");
      c.send("PASS " + MailFixture.ALICE_PW);
      String reply = c.line();
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); reply.contains("IN-USE")
          && System.nanoTime() < end; ) {
        // The server may not have read the end of the previous connection yet: a moment more.
        Thread.sleep(50);
        c.command("USER " + MailFixture.ALICE, "+OK");
        c.send("PASS " + MailFixture.ALICE_PW);
        reply = c.line();
      }
      assertThat(reply).startsWith("+OK");
      c.command("QUIT", "+OK");
    } catch (IOException e) {
      throw new AssertionError("the session after a vanished client failed", e);
    }
  }
}
