package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One POP3 conversation suite, run over every transport (plain, POP3S, STLS): the subclasses say
 * how the server is configured and how a client reaches the AUTHORIZATION state.
 */
abstract class Pop3ConversationSuite {
  @TempDir Path dir;
  MailFixture mail;
  ServerFixture server;

  /** Adds what the transport needs (listeners, certificates) to the fixture's configuration. */
  abstract VqpopConfig configure(VqpopConfig b, Path dir) throws Exception;

  /** A connection, greeted, ready for USER/PASS (encrypted first where the transport says so). */
  abstract Pop3Script open() throws Exception;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    server = new ServerFixture(configure(mail.config(), dir), localPeers());
  }

  /** Which client addresses the server treats as local (plaintext logins allowed without TLS). */
  Predicate<InetAddress> localPeers() {
    return InetAddress::isLoopbackAddress;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Pop3Script alice() throws Exception {
    Pop3Script s = open();
    s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
    return s;
  }

  @Test
  void greetingCarriesAnApopTimestampAndCapaListsTheExtensions() throws Exception {
    try (Pop3Script s = open()) {
      assertThat(s.greeting).matches("\\+OK .*<[^<>@]+@[^<>]+>");
      assertThat(s.multiline("CAPA")).contains("TOP", "UIDL", "USER", "SASL PLAIN", "RESP-CODES", "PIPELINING");
    }
  }

  @Test
  void sizesInListAreTheOctetsReceived() throws Exception {
    mail.deliver(MailFixture.ALICE, "Subject: lf\n\nbare LF lines\nsecond\n");
    mail.deliver(MailFixture.ALICE, "Subject: crlf\r\n\r\nCRLF lines\r\n");
    mail.deliver(MailFixture.ALICE, "Subject: no end\n\nno final newline");
    try (Pop3Script s = alice()) {
      List<String> list = s.multiline("LIST");
      assertThat(list).hasSize(3);
      long total = 0;
      for (String entry : list) {
        String[] f = entry.split(" ");
        String body = s.retr(Integer.parseInt(f[0]));
        assertThat(body.getBytes(StandardCharsets.ISO_8859_1)).hasSize(Integer.parseInt(f[1]));
        total += Long.parseLong(f[1]);
      }
      assertThat(s.command("STAT", "+OK")).isEqualTo("+OK 3 " + total);
      s.command("QUIT", "+OK");
    }
  }

  @Test
  void dotStuffedAndBareLfMessagesArriveIntact() throws Exception {
    mail.deliver(MailFixture.ALICE, "Subject: dots\n\n.leading dot\n..two dots\n.\nend\n");
    try (Pop3Script s = alice()) {
      s.send("RETR 1");
      s.expect("+OK");
      // On the wire: stuffed, CRLF everywhere, one terminator.
      assertThat(List.of(s.line(), s.line(), s.line(), s.line(), s.line(), s.line(), s.line()))
          .containsExactly("Subject: dots", "", "..leading dot", "...two dots", "..", "end", ".");
      assertThat(s.retr(1)).isEqualTo("Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n");
    }
  }

  @Test
  void topSendsTheHeaderAndTheFirstBodyLines() throws Exception {
    mail.deliver(MailFixture.ALICE, "Subject: t\nX: y\n\none\ntwo\nthree\n");
    try (Pop3Script s = alice()) {
      assertThat(s.multiline("TOP 1 2")).containsExactly("Subject: t", "X: y", "", "one", "two");
      assertThat(s.multiline("TOP 1 0")).containsExactly("Subject: t", "X: y", "");
    }
  }

  @Test
  void uidlIsStableAcrossSessionsAndAfterDeletions() throws Exception {
    Path m1 = mail.deliver(MailFixture.ALICE, "one\n");
    Path m2 = mail.deliver(MailFixture.ALICE, "two\n");
    Path m3 = mail.deliver(MailFixture.ALICE, "three\n");
    List<String> first;
    try (Pop3Script s = alice()) {
      first = s.multiline("UIDL");
      assertThat(first).containsExactly("1 " + MailFixture.name(m1), "2 " + MailFixture.name(m2),
          "3 " + MailFixture.name(m3));
      s.command("QUIT", "+OK");
    }
    try (Pop3Script s = alice()) {
      assertThat(s.multiline("UIDL")).isEqualTo(first); // new/ moved to cur/ meanwhile? same ids
      s.command("DELE 2", "+OK");
      assertThat(s.multiline("UIDL")).containsExactly("1 " + MailFixture.name(m1), "3 " + MailFixture.name(m3));
      assertThat(s.command("UIDL 3", "+OK")).isEqualTo("+OK 3 " + MailFixture.name(m3));
      s.command("QUIT", "+OK");
    }
    try (Pop3Script s = alice()) {
      assertThat(s.multiline("UIDL")).containsExactly("1 " + MailFixture.name(m1), "2 " + MailFixture.name(m3));
    }
  }

  @Test
  void aSecondSessionOnTheSameMaildropIsToldItIsInUse() throws Exception {
    mail.deliver(MailFixture.ALICE, "x\n");
    try (Pop3Script first = alice(); Pop3Script second = open()) {
      second.command("USER " + MailFixture.ALICE, "+OK");
      second.command("PASS " + MailFixture.ALICE_PW, "-ERR [IN-USE]");
      first.command("QUIT", "+OK");
      // RFC 1939 §7: the server may stay in AUTHORIZATION; once the lock is free, it works.
      second.login(MailFixture.ALICE, MailFixture.ALICE_PW);
      second.command("STAT", "+OK 1 ");
    }
  }

  @Test
  void aDroppedConnectionDeletesNothing() throws Exception {
    Path m = mail.deliver(MailFixture.ALICE, "keep me\n");
    Pop3Script s = alice();
    s.command("DELE 1", "+OK");
    s.close(); // no QUIT
    awaitNoConnections();
    assertThat(mail.messages(MailFixture.ALICE)).containsExactly(MailFixture.name(m));
    try (Pop3Script again = alice()) {
      again.command("STAT", "+OK 1 ");
    }
  }

  @Test
  void quitDeletesExactlyTheMarkedMessages() throws Exception {
    Path m1 = mail.deliver(MailFixture.ALICE, "1\n");
    mail.deliver(MailFixture.ALICE, "2\n");
    Path m3 = mail.deliver(MailFixture.ALICE, "3\n");
    mail.deliver(MailFixture.ALICE, "4\n");
    try (Pop3Script s = alice()) {
      s.command("DELE 2", "+OK");
      s.command("DELE 4", "+OK");
      s.command("DELE 1", "+OK");
      s.command("RSET", "+OK");
      s.command("DELE 2", "+OK");
      s.command("DELE 4", "+OK");
      s.command("RETR 2", "-ERR");
      s.command("STAT", "+OK 2 6"); // "1\r\n" and "3\r\n"
      s.command("QUIT", "+OK");
      assertThat(s.closedByServer()).isTrue();
    }
    assertThat(mail.messages(MailFixture.ALICE)).containsExactly(MailFixture.name(m1), MailFixture.name(m3));
  }

  @Test
  void apopLogsIn() throws Exception {
    mail.deliver(MailFixture.BOB, "for bob\n");
    try (Pop3Script s = open()) {
      String ts = s.greeting.substring(s.greeting.indexOf('<'), s.greeting.indexOf('>') + 1);
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
          .digest((ts + MailFixture.BOB_SECRET).getBytes(StandardCharsets.UTF_8)));
      s.command("APOP " + MailFixture.BOB + " " + digest, "+OK");
      assertThat(s.retr(1)).isEqualTo("for bob\r\n");
    }
  }

  @Test
  void aWrongPasswordFailsWithAuthAndTheNextTryWorks() throws Exception {
    try (Pop3Script s = open()) {
      s.command("USER " + MailFixture.ALICE, "+OK");
      s.command("PASS wrong", "-ERR [AUTH]");
      s.command("USER nobody@example.org", "+OK");
      s.command("PASS wrong", "-ERR [AUTH]");
      s.login(MailFixture.ALICE, MailFixture.ALICE_PW);
    }
  }

  @Test
  void prefixLoginNamesTheDomain() throws Exception {
    mail.deliver("joe@acme.com", "for joe\n");
    try (Pop3Script s = open()) {
      s.login("acme-joe", "joepass");
      assertThat(s.retr(1)).isEqualTo("for joe\r\n");
    }
  }

  void awaitNoConnections() throws InterruptedException {
    for (int i = 0; i < 200 && server.server.openConnections() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(server.server.openConnections()).isZero();
  }
}
