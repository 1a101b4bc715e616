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
        .contains("550 5.1.1 <nobody@acme.com> user unknown");
    s.input(MESSAGE, "vqpop", "deliver", "joeuser@elsewhere.org").fails(100);
    s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "nobody@acme.com").fails(67);
    assertThat(delivered()).isEmpty();
  }

  @Test
  void aLoopIsPermanent() throws Exception {
    s.input("Delivered-To: joeuser@acme.com\n" + MESSAGE, "vqpop", "deliver", "joeuser@acme.com").fails(100);
    assertThat(delivered()).isEmpty();
  }

  @Test
  void aFullMailboxBouncesOrIsRetriedAsConfigured() throws Exception {
    Files.writeString(s.mailhome.resolve("acme.com/quota"), "100S\n");
    assertThat(s.input(MESSAGE + "x".repeat(200) + "\n", "vqpop", "deliver", "joeuser@acme.com").fails(100).err())
        .contains("552 5.2.2");
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
    assertThat(delivered()).isEmpty();
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
    s.input(MESSAGE, "vqpop", "deliver", "--sysexits", "--no-such-option", "joeuser@acme.com").fails(75);
    s.input(MESSAGE, "vqpop", "deliver", "--quota-full", "sometimes", "joeuser@acme.com").fails(111);
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
