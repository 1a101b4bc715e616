package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vqpop.wire.MessageSize;

class DeliveryTraceTest {
  static final String REST = "Received: from mx.example.org\nSubject: hi\n\nDelivered-To: joeuser@acme.com\nbody\n";

  static IncomingMessage msg(String s) throws IOException {
    return IncomingMessage.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), 0);
  }

  static String kept(IncomingMessage m, DeliveryTrace.Verdict v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // One octet at a time and in one piece: the ranges must come out the same either way.
    try (OutputStream f = v.filter(out)) {
      m.writeTo(f);
    }
    ByteArrayOutputStream slow = new ByteArrayOutputStream();
    OutputStream f = v.filter(slow);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    m.writeTo(all);
    for (byte b : all.toByteArray()) {
      f.write(b);
    }
    assertThat(slow.toString(StandardCharsets.ISO_8859_1)).isEqualTo(out.toString(StandardCharsets.ISO_8859_1));
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void postfixsOwnFieldsForThisDeliveryAreNoLoopAndAreReplaced() throws IOException {
    // pipe(8) flags=DRhu: Return-Path, then Delivered-To with the recipient as Postfix knows it.
    IncomingMessage m = msg("Return-Path: <bob@example.org>\nDelivered-To: JoeUser+news@acme.com\n" + REST);
    DeliveryTrace t = DeliveryTrace.of(m);
    DeliveryTrace.Verdict v = t.verdict("joeuser+news@acme.com", "joeuser@acme.com");
    assertThat(v.loop()).isNull();
    assertThat(kept(m, v)).isEqualTo(REST);
    assertThat(t.returnPath()).isEqualTo("bob@example.org");
    assertThat(v.droppedBytes()).isEqualTo(m.size() - REST.length());
  }

  @Test
  void theOriginalRecipientBetweenThemStays() throws IOException {
    // flags=DRO: Return-Path, X-Original-To, Delivered-To.
    IncomingMessage m = msg("Return-Path: <>\nX-Original-To: joe@acme.com\nDelivered-To: joeuser@acme.com\n" + REST);
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser@acme.com", "joeuser@acme.com");
    assertThat(v.loop()).isNull();
    assertThat(kept(m, v)).isEqualTo("X-Original-To: joe@acme.com\n" + REST);
    assertThat(DeliveryTrace.of(m).returnPath()).isEmpty();
  }

  @Test
  void aMessageThatCameBackIsALoop() throws IOException {
    // Postfix's mark for joeuser+news on top, the earlier delivery's for joeuser below a Received.
    IncomingMessage m = msg("Delivered-To: joeuser+news@acme.com\nReceived: from x\n"
        + "Return-Path: <bob@example.org>\nDelivered-To: <JOEUSER@acme.com>\nSubject: hi\n\nx\n");
    assertThat(DeliveryTrace.of(m).verdict("joeuser+news@acme.com", "joeuser@acme.com").loop())
        .isEqualTo("Delivered-To: <JOEUSER@acme.com> already in the header");
    // The same mark twice on top: one is the MTA's, the other an earlier delivery's.
    IncomingMessage twice = msg("Delivered-To: joeuser@acme.com\nDelivered-To: joeuser@acme.com\n\nx\n");
    assertThat(DeliveryTrace.of(twice).verdict("joeuser@acme.com", "joeuser@acme.com").loop()).isNotNull();
  }

  @Test
  void withoutAnMtaOnTopEveryMarkForTheRecipientIsALoop() throws IOException {
    // qmail-local and plain pipes prepend nothing: as for LMTP.
    IncomingMessage m = msg("Received: from x\nDelivered-To: joeuser@acme.com\n\nbody\n");
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser@acme.com", "joeuser@acme.com");
    assertThat(v.loop()).isNotNull();
    IncomingMessage folded = msg("Subject: x\nDelivered-To:\n joeuser@acme.com\n\nbody\n");
    assertThat(DeliveryTrace.of(folded).verdict("joeuser@acme.com", "joeuser@acme.com").loop()).isNotNull();
  }

  @Test
  void otherAddressesAndTheBodyDoNotCount() throws IOException {
    IncomingMessage m = msg("Delivered-To: mary@acme.com\nSubject: x\nDelivered-To: alias-vdom-acme-joeuser@acme.com\n"
        + "\nDelivered-To: joeuser@acme.com\n");
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser@acme.com", "joeuser@acme.com");
    assertThat(v.loop()).isNull();
    assertThat(v.dropped()).isEmpty();
    assertThat(kept(m, v)).isEqualTo(new String(m.head(1000), StandardCharsets.ISO_8859_1));
    assertThat(DeliveryTrace.of(m).returnPath()).isNull();
  }

  @Test
  void droppedSizesMatchWhatIsWritten() throws IOException {
    IncomingMessage m = msg("Return-Path: <a@b>\r\nDelivered-To: joeuser@acme.com\r\n" + REST.replace("\n", "\r\n"));
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser@acme.com", "joeuser@acme.com");
    String left = kept(m, v);
    assertThat(m.size() - v.droppedBytes()).isEqualTo(left.length());
    assertThat(m.crlfSize() - v.droppedCrlfBytes())
        .isEqualTo(MessageSize.of(new ByteArrayInputStream(left.getBytes(StandardCharsets.ISO_8859_1))));
  }

  @Test
  void aMessageThatIsAllHeader() throws IOException {
    IncomingMessage m = msg("Return-Path: <a@b>\nDelivered-To: joeuser@acme.com");
    DeliveryTrace.Verdict v = DeliveryTrace.of(m).verdict("joeuser@acme.com", "joeuser@acme.com");
    assertThat(v.loop()).isNull();
    assertThat(kept(m, v)).isEmpty();
  }
}
