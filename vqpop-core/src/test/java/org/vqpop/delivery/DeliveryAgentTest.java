package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.MaildirDeliverer;
import org.vqpop.maildir.Maildirs;
import org.vqpop.maildir.Quota;
import org.vqpop.wire.MessageSize;

class DeliveryAgentTest {
  @TempDir Path home;
  final VirtualDomain acme = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "");
  final DeliveryAgent agent = new DeliveryAgent(new MaildirDeliverer("mx", Clock.systemUTC()), false);

  @BeforeEach
  void create() throws IOException {
    Maildirs.create(home.resolve("Maildir"));
  }

  RecipientResolver.Resolved joe(Quota q) {
    return new RecipientResolver.Resolved("joeuser@acme.com", acme, PopUser.withSecret(UserName.of("joeuser"), "s"), home, q);
  }

  static IncomingMessage msg(String s) throws IOException {
    return IncomingMessage.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), 0);
  }

  List<Path> newFiles() throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("Maildir/new"))) {
      return s.toList();
    }
  }

  @Test
  void addsReturnPathAndDeliveredToAndNamesTheSizes() throws IOException {
    DeliveryAgent.Outcome o = agent.deliver(joe(Quota.NONE), "bob@example.org", msg("Subject: hi\r\n\r\nbody\r\n"));
    assertThat(o.status().line()).isEqualTo("250 2.0.0 <joeuser@acme.com> delivered");
    Path f = newFiles().get(0);
    assertThat(f.getFileName().toString()).isEqualTo(o.file());
    String text = Files.readString(f);
    assertThat(text).isEqualTo("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\nSubject: hi\n\nbody\n");
    assertThat(o.file()).endsWith(",S=" + text.length() + ",W=" + MessageSize.of(Files.newInputStream(f)));
  }

  @Test
  void anLmtpMessageGetsItsReceivedFieldAfterDeliveredToAndTheSizesCountIt() throws IOException {
    IncomingMessage m = msg("Subject: hi\r\n\r\nbody\r\n");
    m.trace(new Trace("mx.remote", "192.0.2.1", "mx", "id-1", TraceTest.AT));
    DeliveryAgent.Outcome o = agent.deliver(joe(Quota.NONE), "bob@example.org", m);
    Path f = newFiles().get(0);
    String text = Files.readString(f);
    assertThat(text).isEqualTo("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n"
        + "Received: from mx.remote ([192.0.2.1])\n\tby mx (vqpop) with LMTP id id-1\n"
        + "\tfor <joeuser@acme.com>; Wed, 2 Dec 2026 06:10:00 +0100\nSubject: hi\n\nbody\n");
    assertThat(o.file()).endsWith(",S=" + text.length() + ",W=" + MessageSize.of(Files.newInputStream(f)));
  }

  @Test
  void aSpooledMessageIsCopiedWholeToEachRecipient(@TempDir Path spoolDir) throws IOException {
    String body = "Subject: big\r\n\r\n" + ("0123456789".repeat(20) + "\r\n").repeat(5000);
    try (IncomingMessage m = IncomingMessage.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 0,
        new Spool(spoolDir, 4096))) {
      assertThat(m.spooled()).isTrue();
      agent.deliver(joe(Quota.NONE), "bob@example.org", m);
      agent.deliver(joe(Quota.NONE), "bob@example.org", m);
    }
    String expected = "Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\n" + body.replace("\r\n", "\n");
    assertThat(newFiles()).hasSize(2).allSatisfy(f -> assertThat(Files.readString(f)).isEqualTo(expected));
  }

  @Test
  void nullSenderAndHeaderBreakingSenders() throws IOException {
    agent.deliver(joe(Quota.NONE), "", msg("x\n"));
    agent.deliver(joe(Quota.NONE), "evil\r\nX-Injected: 1", msg("y\n"));
    String all = String.join("", newFiles().stream().map(p -> {
      try {
        return Files.readString(p);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }).toList());
    assertThat(all).contains("Return-Path: <>\n").doesNotContain("\nX-Injected");
  }

  @Test
  void aLoopIsRefusedAndNothingWritten() throws IOException {
    DeliveryAgent.Outcome o = agent.deliver(joe(Quota.NONE), "a@b", msg("Delivered-To: joeuser@acme.com\n\nx\n"));
    assertThat(o.status().line()).startsWith("554 5.4.6");
    assertThat(newFiles()).isEmpty();
  }

  @Test
  void anMtasOwnFieldsAreReplacedNotTakenForALoop() throws IOException {
    // What Postfix's pipe(8) with flags=DR hands over for joeuser+news@acme.com.
    IncomingMessage m = msg("Return-Path: <bob@example.org>\nDelivered-To: joeuser+news@acme.com\nSubject: hi\n\nbody\n");
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser+news@acme.com", "joeuser@acme.com");
    DeliveryAgent.Outcome o = agent.deliver(joe(Quota.NONE), "bob@example.org", m, v);
    assertThat(o.status().line()).isEqualTo("250 2.0.0 <joeuser@acme.com> delivered");
    Path f = newFiles().get(0);
    String text = Files.readString(f);
    assertThat(text).isEqualTo("Return-Path: <bob@example.org>\nDelivered-To: joeuser@acme.com\nSubject: hi\n\nbody\n");
    assertThat(o.file()).endsWith(",S=" + text.length() + ",W=" + MessageSize.of(Files.newInputStream(f)));
    // Without the trace (LMTP) the same Delivered-To: for the mailbox itself is a loop.
    IncomingMessage again = msg("Delivered-To: joeuser@acme.com\n\nx\n");
    assertThat(agent.deliver(joe(Quota.NONE), "a@b", again).status().enhanced()).isEqualTo("5.4.6");
    assertThat(agent.deliver(joe(Quota.NONE), "a@b", again,
        DeliveryTrace.of(again).verdict("joeuser@acme.com", "joeuser@acme.com")).status().success()).isTrue();
  }

  @Test
  void fullMailboxIsPermanentOrTemporaryAsConfigured() throws IOException {
    Quota tiny = new Quota(10, 0);
    assertThat(agent.deliver(joe(tiny), "a@b", msg("a long message body\n")).status().line())
        .isEqualTo("552 5.2.2 <joeuser@acme.com> mailbox full");
    DeliveryAgent tempfail = new DeliveryAgent(new MaildirDeliverer("mx", Clock.systemUTC()), true);
    assertThat(tempfail.deliver(joe(tiny), "a@b", msg("a long message body\n")).status().line())
        .isEqualTo("452 4.2.2 <joeuser@acme.com> mailbox full");
    assertThat(newFiles()).isEmpty();
  }

  @Test
  void aMissingMaildirIsTemporary() throws IOException {
    Files.delete(home.resolve("Maildir/tmp"));
    DeliveryAgent.Outcome o = agent.deliver(joe(Quota.NONE), "a@b", msg("x\n"));
    assertThat(o.status().line()).startsWith("451 4.3.0");
    assertThat(o.detail()).contains("not a Maildir");
  }
}
