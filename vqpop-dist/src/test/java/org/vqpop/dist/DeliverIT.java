package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vqpop deliver} run as a pipe would run it: exit codes, files, and qmail-local's environment. */
class DeliverIT {
  static final String MESSAGE = "From: bob@example.org\r\nTo: joeuser@acme.com\r\nSubject: hello\r\n\r\nHi Joe.\r\n.dot\r\n";
  @TempDir Path tmp;
  Sandbox s;
  Path joeNew;

  @BeforeEach
  void setUp() throws Exception {
    s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    joeNew = s.mailhome.resolve("acme.com/j/joeuser/Maildir/new");
  }

  List<Path> delivered() throws IOException {
    try (Stream<Path> f = Files.list(joeNew)) {
      return f.sorted().toList();
    }
  }

  @Test
  void deliversWithReturnPathAndDeliveredToAndExitsZero() throws Exception {
    s.input(MESSAGE, "vqpop", "deliver", "-f", "bob@example.org", "JoeUser+news@ACME.com").ok();
    List<Path> files = delivered();
    assertThat(files).hasSize(1);
    String stored = s.read(files.get(0));
    assertThat(stored).isEqualTo("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n"
        + MESSAGE.replace("\r\n", "\n"));
    assertThat(files.get(0).getFileName().toString())
        .endsWith(",S=" + stored.length() + ",W=" + (stored.length() + stored.split("\n", -1).length - 1));
    assertThat(s.mailhome.resolve("acme.com/j/joeuser/Maildir/tmp")).isEmptyDirectory();
  }

  @Test
  void senderFromTheEnvironmentAsQmailLocalSetsIt() throws Exception {
    s.env.put("SENDER", "list-bounces@example.org");
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").ok();
    assertThat(s.read(delivered().get(0))).startsWith("Return-Path: <list-bounces@example.org>\n");
  }

  @Test
  void unknownUsersAndDomainsArePermanent() throws Exception {
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "nobody@acme.com").fails(100).err())
        .isEqualTo("vqpop: 550 5.1.1 <nobody@acme.com> user unknown\n");
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@elsewhere.org").fails(100);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "nobody@acme.com").fails(67).err())
        .isEqualTo("5.1.1 <nobody@acme.com> user unknown\n");
    assertThat(delivered()).isEmpty();
  }

  @Test
  void aLoopIsPermanent() throws Exception {
    String back = "Received: from mx.example.org\nReturn-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n" + MESSAGE;
    assertThat(s.input(back, "vqpop", "deliver", "joeuser@acme.com").fails(100).err())
        .isEqualTo("vqpop: 554 5.4.6 <joeuser@acme.com> mail loop: already delivered to this address\n");
    assertThat(s.input(back, "vqpop", "deliver", "--sysexits", "joeuser+news@acme.com").fails(69).err())
        .isEqualTo("5.4.6 <joeuser@acme.com> mail loop: already delivered to this address\n");
    assertThat(delivered()).isEmpty();
  }

  /**
   * Postfix's pipe(8) with flags=DR puts Return-Path and Delivered-To for the recipient on top:
   * that is this delivery, not a loop, and the stored copy has one of each.
   */
  @Test
  void theMtasOwnReturnPathAndDeliveredToAreReplaced() throws Exception {
    String fromPostfix = "Return-Path: <bob@example.org>\nDelivered-To: JoeUser+news@acme.com\n" + MESSAGE;
    s.input(fromPostfix, "vqpop", "deliver", "--sysexits", "joeuser+news@acme.com").ok();
    // No -f and no SENDER: the sender is the one the MTA wrote into its Return-Path.
    assertThat(s.read(delivered().get(0)))
        .isEqualTo("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n" + MESSAGE.replace("\r\n", "\n"));
    String flagsDro = "Return-Path: <>\nX-Original-To: joe@acme.com\nDelivered-To: joeuser@acme.com\n" + MESSAGE;
    s.input(flagsDro, "vqpop", "deliver", "-f", "", "joeuser@acme.com").ok();
    assertThat(s.read(delivered().get(1))).isEqualTo("Return-Path: <>\nDelivered-To: joeuser@acme.com\n"
        + "X-Original-To: joe@acme.com\n" + MESSAGE.replace("\r\n", "\n"));
  }

  @Test
  void aFullMailboxBouncesOrIsRetriedAsConfigured() throws Exception {
    Files.writeString(s.mailhome.resolve("acme.com/quota"), "100S\n");
    assertThat(s.input(MESSAGE + "x".repeat(200) + "\n", "vqpop", "deliver", "joeuser@acme.com").fails(100).err())
        .isEqualTo("vqpop: 552 5.2.2 <joeuser@acme.com> mailbox full\n");
    // For pipe(8): the enhanced code first, which Postfix puts into the DSN; not 67, "user unknown".
    assertThat(s.input(MESSAGE + "x".repeat(200) + "\n", "vqpop", "deliver", "--sysexits", "joeuser@acme.com")
        .fails(69).err()).isEqualTo("5.2.2 <joeuser@acme.com> mailbox full\n");
    s.input(MESSAGE + "x".repeat(200) + "\n", "vqpop", "deliver", "--quota-full", "temporary", "joeuser@acme.com").fails(111);
    s.input(MESSAGE + "x".repeat(200) + "\n", "vqpop", "deliver", "--sysexits", "--quota-full", "temporary",
        "joeuser@acme.com").fails(75);
    assertThat(delivered()).isEmpty();
    assertThat(s.read(s.mailhome.resolve("acme.com/j/joeuser/Maildir/maildirsize"))).startsWith("100S\n");
  }

  @Test
  void tooLargeIsPermanent() throws Exception {
    s.input(MESSAGE + "x".repeat(5000) + "\n", "vqpop", "deliver", "--max-message-size", "1k", "joeuser@acme.com")
        .fails(100);
    assertThat(s.input(MESSAGE + "x".repeat(5000) + "\n", "vqpop", "deliver", "--sysexits", "--max-message-size", "1k",
        "joeuser@acme.com").fails(69).err()).isEqualTo("5.3.4 <joeuser@acme.com> message too big\n");
    assertThat(delivered()).isEmpty();
  }

  /**
   * Under qmail-local or Postfix's pipe the environment has no MAILHOME: a mail home or domain
   * file that is not there is the administrator's to fix, and the MTA keeps the mail meanwhile.
   * One line on standard error, no log line before it.
   */
  @Test
  void aMissingMailHomeOrDomainFileIsTemporaryNeverNoSuchDomain() throws Exception {
    s.env.put("MAILHOME", tmp.resolve("nowhere").toString());
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").fails(111).err())
        .startsWith("vqpop: 451 4.3.5 <joeuser@acme.com> mail system configuration error")
        .contains("mail home " + tmp.resolve("nowhere") + " does not exist").hasLineCount(1);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "joeuser@acme.com").fails(75).err())
        .startsWith("4.3.5 <joeuser@acme.com> mail system configuration error").hasLineCount(1);
    s.env.put("MAILHOME", s.mailhome.toString());
    Path domains = s.mailhome.resolve("virtualpopdomains");
    Path saved = tmp.resolve("virtualpopdomains.saved");
    Files.move(domains, saved);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "joeuser@acme.com").fails(75).err())
        .contains(domains + " does not exist").hasLineCount(1);
    Files.writeString(domains, "");
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "joeuser@acme.com").fails(75).err())
        .contains(domains + " lists no domain").hasLineCount(1);
    // Unreadable (a directory in its place, since the tests may run as root): DomainTable logs an
    // error, which must not reach the MTA.
    Files.delete(domains);
    Files.createDirectory(domains);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "joeuser@acme.com").fails(75).err())
        .startsWith("4.3.5 <joeuser@acme.com>").contains("cannot read").hasLineCount(1);
    Files.delete(domains);
    Files.move(saved, domains);
    assertThat(delivered()).isEmpty();
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").ok();
  }

  /**
   * JNA unpacks its native library under the account's ~/.cache by default; the delivery account
   * of an MTA may have no home of its own, or share it with the mail. {@code user add} loads JNA
   * (to create the home safely); {@code deliver} does not today, but must not start to write there.
   */
  @Test
  void nothingIsWrittenIntoTheAccountsHome() throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    s.env.put("HOME", home.toString());
    s.env.remove("XDG_CACHE_HOME");
    s.env.put("VQPOP_JAVA_OPTS", "-Duser.home=" + home); // Java takes the home from the passwd file
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").ok();
    assertThat(delivered()).hasSize(1);
    s.input("marypass\n", "vqpop", "user", "add", "mary@acme.com").ok();
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void aBrokenDatabaseOrMaildirIsTemporaryAndStoresNothing() throws Exception {
    Path cdb = s.mailhome.resolve("acme.com/poppasswd.cdb");
    byte[] good = Files.readAllBytes(cdb);
    Files.write(cdb, new byte[] {1, 2, 3});
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").fails(111);
    s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "joeuser@acme.com").fails(75);
    Files.write(cdb, good);
    Files.delete(s.mailhome.resolve("acme.com/j/joeuser/Maildir/tmp"));
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com").fails(111).err()).contains("451 4.3.0");
    Files.createDirectory(s.mailhome.resolve("acme.com/j/joeuser/Maildir/tmp"));
    assertThat(delivered()).isEmpty();
  }

  @Test
  void usageErrorsAreTemporarySoTheMtaKeepsTheMail() throws Exception {
    s.input(MESSAGE, "vqpop", "deliver").fails(111);
    s.input(MESSAGE, "vqpop", "deliver", "--no-such-option", "joeuser@acme.com").fails(111);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "--no-such-option", "joeuser@acme.com").fails(75).err())
        .startsWith("4.3.5 vqpop: unknown option '--no-such-option'").hasLineCount(1);
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--quota-full", "sometimes", "joeuser@acme.com").fails(111).err())
        .hasLineCount(1);
    // A picocli parse error, no usage text after it.
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "--max-message-size").fails(75).err())
        .startsWith("4.3.5 vqpop: ").hasLineCount(1);
  }

  @Test
  void severalRecipientsWithMixedResults() throws Exception {
    s.input("marypass\n", "vqpop", "user", "add", "mary@acme.com").ok();
    assertThat(s.input(MESSAGE, "vqpop", "deliver", "joeuser@acme.com", "nobody@acme.com", "mary@acme.com")
        .fails(100).err()).contains("nobody@acme.com").doesNotContain("<joeuser@acme.com>");
    assertThat(delivered()).hasSize(1);
    assertThat(s.mailhome.resolve("acme.com/m/mary/Maildir/new").toFile().list()).hasSize(1);
  }

  @Test
  void underQmailLocalFromTheVdomDefaultFile() throws Exception {
    // control/virtualdomains: acme.com:alias-vdom-acme, so joeuser@acme.com arrives as
    // alias-vdom-acme-joeuser@acme.com, delivered by ~alias/.qmail-vdom-default with EXT2=acme-joeuser.
    s.env.put("HOST", "acme.com");
    s.env.put("EXT", "vdom-acme-joeuser");
    s.env.put("EXT2", "acme-joeuser");
    s.env.put("SENDER", "bob@example.org");
    s.input(MESSAGE, "vqpop", "deliver", "--qmail-local").ok();
    assertThat(s.read(delivered().get(0))).startsWith("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n");
    s.env.put("EXT2", "acme-nobody");
    s.input(MESSAGE, "vqpop", "deliver", "--qmail-local").fails(100);
    s.env.remove("HOST");
    s.input(MESSAGE, "vqpop", "deliver", "--qmail-local").fails(111);
  }

  @Test
  void binaryAndEightBitContentIsStoredAsGiven() throws Exception {
    byte[] msg = "Subject: \u00e9t\u00e9\r\n\r\n\u00ff\u0000\u0001 bytes\r\n".getBytes(StandardCharsets.ISO_8859_1);
    s.input(new String(msg, StandardCharsets.ISO_8859_1), "vqpop", "deliver", "joeuser@acme.com").ok();
    assertThat(delivered()).hasSize(1);
  }
}
