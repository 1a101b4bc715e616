package org.vqpop.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.Status;
import org.vqpop.testing.FakeDeliveries;
import org.vqpop.testing.LmtpConversation;

/** The LMTP engine driven by scripted lines, as the RFC 2033 examples read. */
class LmtpSessionTest {
  static final String CRLF = "\r\n";

  final FakeDeliveries deliveries = new FakeDeliveries().user("alice@example.org").user("bob@example.org");
  final List<String> log = new ArrayList<>();
  final LmtpEvents events = new LmtpEvents() {
    @Override
    public void recipientRefused(String sender, String recipient, Status status, @Nullable String detail) {
      log.add("refused " + sender + " " + recipient + " " + status.code());
    }

    @Override
    public void delivered(String sender, String recipient, long size, DeliveryAgent.Outcome outcome) {
      log.add("data " + sender + " " + recipient + " " + size + " " + outcome.status().code() + " " + outcome.file());
    }
  };

  LmtpConversation conversation(long maxSize, int maxRecipients) {
    return new LmtpConversation(new LmtpSession(deliveries, new LmtpSettings("mx.test", maxSize, maxRecipients, 10), events));
  }

  LmtpConversation c = conversation(1000, 100);

  LmtpConversation ready() {
    c.send("LHLO client.test");
    return c;
  }

  @Test
  void greetingAndLhloListTheExtensionsWithoutEnhancedCodes() {
    c.greeting().expect("220 mx.test LMTP vqpop ready");
    c.send("LHLO client.test").expect("250-mx.test", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
        "250 SIZE 1000");
  }

  @Test
  void heloAndEhloAreRefusedAndMailNeedsLhlo() {
    c.send("HELO client.test").expect("500 5.5.1 this is LMTP: say LHLO (RFC 2033 §4.1)");
    c.send("EHLO client.test").expectStart("500 5.5.1 ");
    c.send("MAIL FROM:<x@y.test>").expect("503 5.5.1 send LHLO first");
    c.send("RCPT TO:<alice@example.org>").expect("503 5.5.1 send LHLO first");
    c.send("LHLO").expect("501 5.5.4 syntax: LHLO hostname");
  }

  @Test
  void oneMessageForOneRecipient() {
    ready();
    c.send("MAIL FROM:<sender@remote.test>").expect("250 2.1.0 <sender@remote.test> sender OK");
    c.send("RCPT TO:<alice@example.org>").expect("250 2.1.5 <alice@example.org> recipient OK");
    c.send("DATA").expect("354 go ahead; end with <CRLF>.<CRLF>");
    c.send("Subject: hi").expect();
    c.send("").expect();
    c.send("body").expect();
    c.send(".").expect("250 2.0.0 <alice@example.org> delivered");
    assertThat(deliveries.deliveries()).containsExactly(
        new FakeDeliveries.Delivery("alice@example.org", "sender@remote.test", "Subject: hi\n\nbody\n"));
    assertThat(log).containsExactly("data sender@remote.test alice@example.org 18 250 msg1");
    c.send("QUIT").expect("221 2.0.0 mx.test closing").then(LmtpReply.Action.CLOSE);
    assertThat(c.session().state()).isEqualTo(LmtpSession.State.CLOSED);
  }

  @Test
  void mixedRecipientsGetOneReplyEachInRcptOrder() {
    deliveries.failing("bob@example.org", new Status(552, "5.2.2", "<bob@example.org> mailbox full"));
    String replies = c.pipeline("LHLO client.test" + CRLF
        + "MAIL FROM:<> BODY=8BITMIME" + CRLF
        + "RCPT TO:<alice@example.org>" + CRLF
        + "RCPT TO:<nobody@example.org>" + CRLF
        + "RCPT TO:<bob@example.org>" + CRLF
        + "RCPT TO:<alice+lists@example.org>" + CRLF
        + "DATA" + CRLF
        + "x" + CRLF + "." + CRLF
        + "QUIT" + CRLF).wire();
    assertThat(replies.split(CRLF)).containsExactly(
        "250-mx.test", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250 SIZE 1000",
        "250 2.1.0 <> sender OK",
        "250 2.1.5 <alice@example.org> recipient OK",
        "550 5.1.1 <nobody@example.org> user unknown",
        "250 2.1.5 <bob@example.org> recipient OK",
        "250 2.1.5 <alice+lists@example.org> recipient OK",
        "354 go ahead; end with <CRLF>.<CRLF>",
        "250 2.0.0 <alice@example.org> delivered",
        "552 5.2.2 <bob@example.org> mailbox full",
        "250 2.0.0 <alice@example.org> delivered",
        "221 2.0.0 mx.test closing");
    assertThat(deliveries.deliveries()).extracting(FakeDeliveries.Delivery::sender).containsExactly("", "");
    assertThat(log).containsExactly("refused  nobody@example.org 550", "data  alice@example.org 2 250 msg1",
        "data  bob@example.org 2 552 null", "data  alice+lists@example.org 2 250 msg2");
  }

  @Test
  void twoPipelinedTransactionsOnOneConnection() {
    String replies = c.pipeline("LHLO c" + CRLF
        + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>" + CRLF + "DATA" + CRLF
        + "one" + CRLF + "." + CRLF
        + "MAIL FROM:<b@r.test>" + CRLF + "RCPT TO:<bob@example.org>" + CRLF + "DATA" + CRLF
        + "two" + CRLF + "." + CRLF
        + "QUIT" + CRLF).wire();
    assertThat(replies).endsWith("354 go ahead; end with <CRLF>.<CRLF>" + CRLF
        + "250 2.0.0 <bob@example.org> delivered" + CRLF + "221 2.0.0 mx.test closing" + CRLF);
    assertThat(deliveries.deliveries()).containsExactly(
        new FakeDeliveries.Delivery("alice@example.org", "a@r.test", "one\n"),
        new FakeDeliveries.Delivery("bob@example.org", "b@r.test", "two\n"));
  }

  @Test
  void dotStuffingIsUndone() {
    c.pipeline("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>" + CRLF + "DATA" + CRLF
        + "..leading dot" + CRLF + ". " + CRLF + "..." + CRLF + "a.b" + CRLF + "." + CRLF);
    assertThat(deliveries.deliveries()).singleElement()
        .extracting(FakeDeliveries.Delivery::content).isEqualTo(".leading dot\n \n..\na.b\n");
  }

  @Test
  void sizeParameterOverTheLimitIsRefused() {
    ready();
    c.send("MAIL FROM:<a@r.test> SIZE=1001").expect("552 5.3.4 message size exceeds fixed maximum message size (1000)");
    c.send("MAIL FROM:<a@r.test> SIZE=99999999999999999999").expectStart("552 5.3.4 ");
    c.send("MAIL FROM:<a@r.test> SIZE=x").expect("501 5.5.4 SIZE needs a number");
    c.send("MAIL FROM:<a@r.test> SIZE=1000 BODY=7BIT").expect("250 2.1.0 <a@r.test> sender OK");
  }

  @Test
  void aMessageOverTheLimitIsReadToTheDotAndRefusedForEveryRecipient() {
    c = conversation(20, 100);
    String replies = c.pipeline("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>" + CRLF
        + "RCPT TO:<bob@example.org>" + CRLF + "DATA" + CRLF
        + "0123456789" + CRLF + "0123456789" + CRLF + "0123456789" + CRLF + "." + CRLF + "NOOP" + CRLF).wire();
    assertThat(replies).endsWith("354 go ahead; end with <CRLF>.<CRLF>" + CRLF
        + "552 5.3.4 <alice@example.org> message too big" + CRLF
        + "552 5.3.4 <bob@example.org> message too big" + CRLF
        + "250 2.0.0 OK" + CRLF);
    assertThat(deliveries.deliveries()).isEmpty();
  }

  @Test
  void aBareLfInTheDataRefusesTheMessageAndDoesNotEndIt() {
    // LF.LF must not end the data: that is how a second message is smuggled past one hop.
    String replies = c.pipeline("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>" + CRLF
        + "DATA" + CRLF + "x\n.\nMAIL FROM:<evil@r.test>" + CRLF + "." + CRLF + "NOOP" + CRLF).wire();
    assertThat(replies).endsWith("354 go ahead; end with <CRLF>.<CRLF>" + CRLF
        + "554 5.6.0 <alice@example.org> message has a bare LF; line ends must be CRLF" + CRLF
        + "250 2.0.0 OK" + CRLF);
    assertThat(deliveries.deliveries()).isEmpty();
  }

  @Test
  void sequenceErrors() {
    ready();
    c.send("RCPT TO:<alice@example.org>").expect("503 5.5.1 need MAIL before RCPT");
    c.send("DATA").expect("503 5.5.1 need MAIL and RCPT before DATA");
    c.send("MAIL FROM:<a@r.test>").expectStart("250 ");
    c.send("MAIL FROM:<a@r.test>").expect("503 5.5.1 nested MAIL command");
    c.send("RCPT TO:<nobody@example.org>").expectStart("550 5.1.1 ");
    c.send("DATA").expect("503 5.5.1 no valid recipients");
  }

  @Test
  void rsetEndsTheTransaction() {
    ready();
    c.send("MAIL FROM:<a@r.test>").expectStart("250 ");
    c.send("RCPT TO:<alice@example.org>").expectStart("250 ");
    c.send("RSET").expect("250 2.0.0 OK");
    c.send("DATA").expect("503 5.5.1 need MAIL and RCPT before DATA");
    c.send("MAIL FROM:<a@r.test>").expectStart("250 ");
    c.send("NOOP anything").expect("250 2.0.0 OK");
  }

  @Test
  void tooManyRecipientsAreDeferred() {
    c = conversation(1000, 2);
    ready();
    c.send("MAIL FROM:<a@r.test>").expectStart("250 ");
    c.send("RCPT TO:<alice@example.org>").expectStart("250 ");
    c.send("RCPT TO:<nobody@example.org>").expectStart("550 ");
    c.send("RCPT TO:<bob@example.org>").expectStart("250 ");
    c.send("RCPT TO:<alice+x@example.org>").expect("452 4.5.3 too many recipients");
  }

  @Test
  void aFullMailboxCanBeRefusedAtRcpt() {
    deliveries.full("bob@example.org", new Status(452, "4.2.2", "<bob@example.org> mailbox full"));
    ready();
    c.send("MAIL FROM:<a@r.test>").expectStart("250 ");
    c.send("RCPT TO:<bob@example.org>").expect("452 4.2.2 <bob@example.org> mailbox full");
    assertThat(log).containsExactly("refused a@r.test bob@example.org 452");
  }

  @Test
  void addressesAreParsedAsRfc5321Says() {
    ready();
    c.send("MAIL FROM:a@r.test").expect("501 5.5.4 syntax: MAIL FROM:<address> [parameters] (the address goes in angle brackets)");
    c.send("MAIL FROM:<a@r.test").expectStart("501 5.5.4 ");
    c.send("MAIL TO:<a@r.test>").expectStart("501 5.5.4 syntax: MAIL FROM:");
    c.send("MAIL FROM: <@relay.test,@other.test:a@r.test>").expect("250 2.1.0 <a@r.test> sender OK");
    c.send("RCPT TO:<>").expect("501 5.1.3 empty recipient address");
    c.send("RCPT TO:<alice>").expect("501 5.1.3 <alice> is not user@domain");
  }

  @Test
  void moreAddressCases() {
    ready();
    c.send("MAIL FROM:<a b@r.test>").expect("501 5.1.7 <a b@r.test> has a character not allowed in a local part");
    c.send("MAIL FROM:<a@r.test>ORCPT=x").expectStart("501 5.5.4 ");
    c.send("MAIL FROM:<a@r.test> RET=HDRS").expect("555 5.5.4 MAIL parameter RET not recognized");
    c.send("MAIL FROM:<\"a>b\"@r.test> BODY=8bitmime").expect("250 2.1.0 <\"a>b\"@r.test> sender OK");
    c.send("RCPT TO:<j\u00f6rg@example.org>").expect(
        "553 5.6.7 non-ASCII addresses need SMTPUTF8, which this server does not offer");
    c.send("RCPT TO:<alice@example.org> NOTIFY=NEVER").expect("555 5.5.4 RCPT parameter NOTIFY not recognized");
    c.send("RCPT TO:<Postmaster>").expect("550 5.1.1 <Postmaster> give postmaster@domain");
  }

  @Test
  void otherCommands() {
    ready();
    c.send("VRFY alice").expect("252 2.0.0 cannot VRFY; send RCPT to try the address");
    c.send("EXPN list").expect("502 5.5.1 EXPN not implemented");
    c.send("FOO").expect("500 5.5.1 command not recognized");
    c.send("noop").expect("250 2.0.0 OK");
  }

  @Test
  void errorsAreCountedInARowAndAnAcceptedCommandStartsOver() {
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 9; i++) {
        c.send("FOO").expectStart("500 ");
      }
      c.send("NOOP").expect("250 2.0.0 OK");
    }
    for (int i = 0; i < 9; i++) {
      c.send("FOO").expectStart("500 ");
    }
    c.send("FOO").expect("421 4.7.0 mx.test too many errors, closing").then(LmtpReply.Action.CLOSE);
  }

  @Test
  void tooManyErrorsCloseTheSession() {
    for (int i = 0; i < 9; i++) {
      c.send("FOO").expectStart("500 ");
    }
    c.send("FOO").expect("421 4.7.0 mx.test too many errors, closing").then(LmtpReply.Action.CLOSE);
  }

  @Test
  void longLinesAreRefused() {
    ready();
    c.send("NOOP " + "x".repeat(LmtpSession.MAX_COMMAND_LINE)).expect("500 5.5.2 line too long");
    String replies = c.pipeline("x".repeat(LmtpSession.MAX_LINE + 1) + CRLF + "NOOP" + CRLF).wire();
    assertThat(replies).isEqualTo("500 5.5.2 line too long" + CRLF + "250 2.0.0 OK" + CRLF);
  }

  @Test
  void anOverlongDataLineRefusesTheMessage() {
    c = conversation(1_000_000, 10);
    String replies = c.pipeline("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>" + CRLF
        + "DATA" + CRLF + "x".repeat(LmtpSession.MAX_LINE + 1) + CRLF + "." + CRLF).wire();
    assertThat(replies).endsWith(CRLF + "554 5.6.0 <alice@example.org> message has a line over 65536 octets" + CRLF);
  }

  @Test
  void idleTimeoutSays421() {
    c.send("LHLO c");
    assertThat(c.session().idleTimeout()).isEqualTo(new LmtpReply.Single(
        new Status(421, "4.4.2", "mx.test idle too long, closing"), LmtpReply.Action.CLOSE));
  }

  /** A session as the server makes one: a client address, a fixed clock, large messages spooled. */
  LmtpConversation served(java.nio.file.Path spoolDir, boolean received) {
    deliveries.spool(new org.vqpop.delivery.Spool(spoolDir, 1000));
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T06:10:00Z"), java.time.ZoneOffset.UTC);
    LmtpSettings settings = new LmtpSettings("mx.test", 1 << 20, 100, 10, DataPace.Limits.DEFAULTS, received);
    LmtpConversation s = new LmtpConversation(new LmtpSession(deliveries, settings, events, "192.0.2.7", clock));
    s.send("LHLO client.test");
    s.send("MAIL FROM:<sender@remote.test>");
    s.send("RCPT TO:<alice@example.org>");
    s.send("RCPT TO:<bob@example.org>");
    s.send("DATA").expect("354 go ahead; end with <CRLF>.<CRLF>");
    for (int i = 0; i < 20; i++) {
      s.send("line " + i + " " + "x".repeat(100)).expect();
    }
    return s;
  }

  @Test
  void eachRecipientsCopyGetsAReceivedFieldNamingTheClientAndTheRecipient(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    LmtpConversation s = served(dir, true);
    s.send(".").expect("250 2.0.0 <alice@example.org> delivered", "250 2.0.0 <bob@example.org> delivered");
    assertThat(deliveries.received()).hasSize(2);
    assertThat(deliveries.received().get(0)).matches("Received: from client\\.test \\(\\[192\\.0\\.2\\.7\\]\\)\n"
        + "\tby mx\\.test \\(vqpop\\) with LMTP id [0-9a-z]+-1\n"
        + "\tfor <alice@example\\.org>; Wed, 2 Dec 2026 06:10:00 \\+0000\n");
    assertThat(deliveries.received().get(1)).contains("\tfor <bob@example.org>; ");
    assertThat(org.vqpop.testing.OpenFiles.under(dir)).as("spool released").isZero();
  }

  @Test
  void noReceivedFieldWhenTurnedOff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    served(dir, false).send(".").expectStart("250 2.0.0 ");
    assertThat(deliveries.deliveries()).hasSize(2);
    assertThat(deliveries.received()).isEmpty();
  }

  @Test
  void aDataTimeoutDeliversNothingAndDropsTheSpool(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    LmtpConversation s = served(dir, true);
    assertThat(org.vqpop.testing.OpenFiles.under(dir)).as("spooled").isEqualTo(1);
    assertThat(LmtpWriterText.of(s.session().dataTimeout(DataPace.Breach.TOO_SLOW)))
        .isEqualTo("421 4.4.2 mx.test data too slow, closing\r\n");
    assertThat(s.session().state()).isEqualTo(LmtpSession.State.CLOSED);
    assertThat(deliveries.deliveries()).isEmpty();
    assertThat(org.vqpop.testing.OpenFiles.under(dir)).isZero();
  }

  @Test
  void aClientThatGoesAwayMidDataLeavesNoSpool(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    LmtpConversation s = served(dir, true);
    s.session().close();
    assertThat(deliveries.deliveries()).isEmpty();
    assertThat(org.vqpop.testing.OpenFiles.under(dir)).isZero();
  }

  @Test
  void stoppingAnswers421AndEndsTheTransaction() throws Exception {
    ready();
    c.send("MAIL FROM:<sender@remote.test>");
    assertThat(LmtpWriterText.of(c.session().shuttingDown())).isEqualTo("421 4.3.2 mx.test shutting down\r\n");
    assertThat(c.session().state()).isEqualTo(LmtpSession.State.CLOSED);
  }

  /** A reply as the wire has it. */
  static final class LmtpWriterText {
    static String of(LmtpReply r) throws java.io.IOException {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      LmtpWriter.write(r, out);
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
