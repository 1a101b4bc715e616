package org.vqpop.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.Status;
import org.vqpop.testing.FakeDeliveries;
import org.vqpop.wire.LineReader;

/**
 * Every LMTP reply the engine sends, byte for byte, for a scripted set of sessions: every command
 * (valid, malformed, unknown) in every state, recipients unknown, over quota and temporarily
 * refused, the data with its failures, RSET, too many errors and recipients, overlong lines, bare
 * LF, and the replies the connection asks for (idle, data deadline, shutdown).
 *
 * <p>The expected transcripts are in {@code lmtp-transcripts.txt} next to this class; they were
 * recorded from the engine before it was reshaped, so a change to any reply's code, enhanced code
 * or text fails here. To record them again after a deliberate change, run this test with {@code
 * -Dvqpop.record=true} and read the diff.
 */
class LmtpTranscriptTest {
  private static final String CRLF = "\r\n";
  private static final Path GOLDEN = Path.of("src/test/resources/org/vqpop/lmtp/lmtp-transcripts.txt");

  /** The sessions, by name: each step is the client's bytes, or {@code @call} for a session method. */
  static Map<String, List<String>> scripts() {
    Map<String, List<String>> s = new LinkedHashMap<>();
    List<String> everyVerb = List.of("LHLO", "LHLO client.test", "HELO x", "EHLO x", "MAIL FROM:<a@r.test>",
        "RCPT TO:<alice@example.org>", "DATA", "DATA x", "RSET", "RSET x", "NOOP", "NOOP x", "VRFY", "VRFY alice",
        "EXPN x", "HELP", "TURN", "ETRN x", "ATRN", "BDAT 10 LAST", "STARTTLS", "AUTH PLAIN", "SEND", "SOML",
        "SAML", "FOO", "", " ", "lhlo lower.test", "mail from:<b@r.test>", "rcpt to:<bob@example.org>", "noop",
        "Mail From:<c@r.test>", "QUIT x", "QUIT");
    s.put("start: every verb before LHLO", lines(everyVerb.stream().filter(v -> !v.startsWith("LHLO client"))
        .filter(v -> !v.startsWith("lhlo")).toList()));
    List<String> ready = new ArrayList<>(List.of("LHLO client.test"));
    ready.addAll(everyVerb.stream().filter(v -> !v.startsWith("MAIL") && !v.startsWith("mail")
        && !v.startsWith("Mail")).toList());
    s.put("ready: every verb after LHLO", lines(ready));
    List<String> mail = new ArrayList<>(List.of("LHLO client.test", "MAIL FROM:<a@r.test>"));
    mail.addAll(List.of("DATA", "LHLO again.test", "MAIL FROM:<a@r.test>"));
    mail.addAll(List.of("MAIL FROM:<b@r.test>", "MAIL FROM:<b@r.test>", "HELO x", "NOOP", "VRFY x", "EXPN x",
        "BDAT 1", "FOO", "RCPT TO:<alice@example.org>", "MAIL FROM:<c@r.test>", "RSET", "RCPT TO:<alice@example.org>",
        "MAIL FROM:<d@r.test>", "RCPT TO:<bob@example.org>", "DATA x", "RCPT TO:<alice@example.org>", "QUIT"));
    s.put("mail: every verb in a transaction", lines(mail));
    s.put("closed: lines after QUIT", lines(List.of("LHLO c", "QUIT", "NOOP", "LHLO c", "MAIL FROM:<a@r.test>")));
    s.put("one message", lines(List.of("LHLO client.test", "MAIL FROM:<sender@remote.test>",
        "RCPT TO:<alice@example.org>", "DATA", "Subject: hi", "", "..leading dot", ". ", "...", "body", ".",
        "NOOP", "QUIT")));
    s.put("recipients: unknown, full, temporary, failing, extension", lines(List.of("LHLO c",
        "MAIL FROM:<> BODY=8BITMIME", "RCPT TO:<nobody@example.org>", "RCPT TO:<full@example.org>",
        "RCPT TO:<later@example.org>", "RCPT TO:<alice@example.org>", "RCPT TO:<failing@example.org>",
        "RCPT TO:<alice+lists@example.org>", "RCPT TO:<bob@example.org>", "RCPT TO:<bob-x@example.org>", "DATA", "x",
        ".", "QUIT")));
    s.put("recipients: none valid", lines(List.of("LHLO c", "MAIL FROM:<a@r.test>", "RCPT TO:<nobody@example.org>",
        "DATA", "RSET", "DATA")));
    s.put("mail parameters", lines(List.of("LHLO c", "MAIL FROM:<a@r.test> SIZE=1001",
        "MAIL FROM:<a@r.test> SIZE=99999999999999999999", "MAIL FROM:<a@r.test> SIZE=999999999999999999999",
        "MAIL FROM:<a@r.test> SIZE=x", "MAIL FROM:<a@r.test> SIZE", "MAIL FROM:<a@r.test> SIZE=-1",
        "MAIL FROM:<a@r.test> BODY=BINARYMIME", "MAIL FROM:<a@r.test> BODY", "MAIL FROM:<a@r.test> RET=HDRS",
        "MAIL FROM:<a@r.test> size=10 size=20", "MAIL FROM:<a@r.test> -X=1", "MAIL FROM:<a@r.test> X=a=b",
        "MAIL FROM:<a@r.test> X=\u00e9", "MAIL FROM:<a@r.test> X=", "MAIL FROM:<a@r.test>SIZE=10",
        "MAIL FROM:<a@r.test>  SIZE=10   BODY=7bit", "RSET", "MAIL FROM:<a@r.test> SIZE=1000 BODY=7BIT",
        "RCPT TO:<alice@example.org> NOTIFY=NEVER", "RCPT TO:<alice@example.org> ORCPT=rfc822;x@y",
        "RCPT TO:<alice@example.org> !", "QUIT")));
    s.put("addresses", lines(List.of("LHLO c", "MAIL", "MAIL x", "MAIL FROM:", "MAIL FROM:a@r.test",
        "MAIL FROM:<a@r.test", "MAIL TO:<a@r.test>", "MAIL FROM:<a<b@r.test>", "MAIL FROM:<a b@r.test>",
        "MAIL FROM:<a\u0001b@r.test>", "MAIL FROM:<j\u00f6rg@r.test>", "MAIL FROM:<@relay.test>",
        "MAIL FROM:<a@>", "MAIL FROM:<@r.test>", "MAIL FROM:<ab>", "MAIL FROM:<a@r_test>",
        "MAIL FROM:<a@[192.0.2.1]>", "RSET", "MAIL FROM:<\"a>b\"@r.test>", "RSET", "MAIL FROM:<\"a b\"@r.test>",
        "RSET", "MAIL FROM:<\"a\\\"b\"@r.test>", "RSET", "MAIL FROM: <@relay.test,@other.test:a@r.test>",
        "RCPT TO:<>", "RCPT TO:<alice>", "RCPT TO:<Postmaster>", "RCPT TO:<postmaster>",
        "RCPT TO:<j\u00f6rg@example.org>", "RCPT TO:<@relay.test:alice@example.org>", "RCPT TO:alice@example.org",
        "RCPT FROM:<alice@example.org>", "RCPT", "RCPT TO: <alice@example.org>", "RCPT TO:<alice@example.org>x",
        "RCPT TO:<ALICE@Example.ORG>", "RCPT TO:<alice@example.org.>", "QUIT")));
    s.put("too many recipients", lines(List.of("LHLO c", "MAIL FROM:<a@r.test>", "RCPT TO:<alice@example.org>",
        "RCPT TO:<bob@example.org>", "RCPT TO:<nobody@example.org>", "RCPT TO:<alice+1@example.org>",
        "RCPT TO:<alice+2@example.org>", "RCPT TO:<nobody@example.org>", "DATA", "y", ".", "QUIT")));
    s.put("message too big for every recipient", lines(List.of("LHLO c", "MAIL FROM:<a@r.test>",
        "RCPT TO:<alice@example.org>", "RCPT TO:<bob@example.org>", "DATA", "0123456789".repeat(40),
        "0123456789".repeat(40), "0123456789".repeat(40), ".", "NOOP")));
    s.put("bare LF in the data and in a command", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF
        + "RCPT TO:<alice@example.org>" + CRLF + "DATA" + CRLF + "x\n.\nMAIL FROM:<evil@r.test>" + CRLF + "." + CRLF,
        "NOOP\nNOOP" + CRLF, "QUIT" + CRLF));
    s.put("long lines", List.of("LHLO c" + CRLF, "NOOP " + "x".repeat(LmtpSession.MAX_COMMAND_LINE) + CRLF,
        "NOOP " + "x".repeat(LmtpSession.MAX_COMMAND_LINE - 5) + CRLF,
        "x".repeat(LmtpSession.MAX_LINE + 1) + CRLF, "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>"
            + CRLF + "DATA" + CRLF + "y".repeat(LmtpSession.MAX_LINE + 1) + CRLF + "z" + CRLF + "." + CRLF,
        "QUIT" + CRLF));
    s.put("too many errors before LHLO", lines(List.of("FOO", "FOO", "FOO", "FOO", "NOOP", "FOO", "BAR", "EHLO x",
        "VRFY", "FOO", "FOO", "FOO", "FOO", "FOO", "FOO", "NOOP")));
    s.put("too many errors in a transaction", lines(List.of("LHLO c", "MAIL FROM:<a@r.test>",
        "RCPT TO:<alice@example.org>", "RCPT TO:<nobody@example.org>", "RCPT TO:<j\u00f6rg@example.org>",
        "RCPT TO:<alice>", "MAIL FROM:<b@r.test>", "RCPT TO:alice", "DATA x", "RCPT TO:<a@b> X=1", "RSET x",
        "QUIT x", "FOO", "BDAT", "HELO x", "LHLO", "NOOP")));
    s.put("idle timeout", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF, "@idle", "NOOP" + CRLF));
    s.put("data timeout", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>"
        + CRLF + "DATA" + CRLF + "x" + CRLF, "@dataTimeout", "." + CRLF));
    s.put("data too slow", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF + "RCPT TO:<alice@example.org>"
        + CRLF + "DATA" + CRLF + "x" + CRLF, "@dataSlow"));
    s.put("shutting down", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF, "@shutdown", "NOOP" + CRLF));
    s.put("shutting down before LHLO", List.of("@shutdown"));
    s.put("client goes away mid-data", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF
        + "RCPT TO:<alice@example.org>" + CRLF + "DATA" + CRLF + "x" + CRLF, "@close", "." + CRLF));
    s.put("two pipelined transactions", List.of("LHLO c" + CRLF + "MAIL FROM:<a@r.test>" + CRLF
        + "RCPT TO:<alice@example.org>" + CRLF + "DATA" + CRLF + "one" + CRLF + "." + CRLF + "MAIL FROM:<b@r.test>"
        + CRLF + "RCPT TO:<bob@example.org>" + CRLF + "DATA" + CRLF + "two" + CRLF + "." + CRLF + "QUIT" + CRLF));
    return s;
  }

  private static List<String> lines(List<String> commands) {
    return commands.stream().map(c -> c + CRLF).toList();
  }

  /** A session's transcript: {@code C:} the client's line, {@code S:} each reply line, {@code E:} events. */
  static String transcript(String name, List<String> steps) throws IOException {
    FakeDeliveries deliveries = new FakeDeliveries().user("alice@example.org").user("bob@example.org")
        .user("full@example.org").user("failing@example.org")
        .full("full@example.org", new Status(452, "4.2.2", "<full@example.org> mailbox full"))
        .failing("failing@example.org", new Status(451, "4.3.0", "<failing@example.org> temporary failure"))
        .refusing("later@example.org", new Status(451, "4.3.0", "<later@example.org> try again later"));
    StringBuilder t = new StringBuilder("### ").append(name).append('\n');
    LmtpEvents events = new LmtpEvents() {
      @Override
      public void recipientRefused(String sender, String recipient, Status status, @Nullable String detail) {
        t.append("E: refused from=<").append(sender).append("> to=<").append(recipient).append("> ")
            .append(status.line()).append(" detail=").append(detail).append('\n');
      }

      @Override
      public void delivered(String sender, String recipient, long size, DeliveryAgent.Outcome outcome) {
        t.append("E: data from=<").append(sender).append("> to=<").append(recipient).append("> size=").append(size)
            .append(' ').append(outcome.status().line()).append(" file=").append(outcome.file()).append(" detail=")
            .append(outcome.detail()).append('\n');
      }
    };
    boolean small = name.startsWith("too many errors");
    boolean fewRecipients = name.startsWith("too many recipients");
    LmtpSettings settings = new LmtpSettings("mx.test", 1000, fewRecipients ? 3 : 100, small ? 10 : 1000,
        DataPace.Limits.DEFAULTS, false);
    LmtpSession session = new LmtpSession(deliveries, settings, events, "192.0.2.7",
        Clock.fixed(Instant.parse("2026-12-02T06:10:00Z"), ZoneOffset.UTC));
    reply(t, session.greeting());
    for (String step : steps) {
      if (step.startsWith("@")) {
        t.append("C: ").append(step).append('\n');
        switch (step) {
          case "@idle" -> reply(t, session.idleTimeout());
          case "@dataTimeout" -> reply(t, session.dataTimeout(DataPace.Breach.TIMEOUT));
          case "@dataSlow" -> reply(t, session.dataTimeout(DataPace.Breach.TOO_SLOW));
          case "@shutdown" -> reply(t, session.shuttingDown());
          case "@close" -> session.close();
          default -> throw new IllegalArgumentException(step);
        }
        continue;
      }
      InputStream in = new ByteArrayInputStream(step.getBytes(StandardCharsets.ISO_8859_1));
      LineReader reader = new LineReader(in, LmtpSession.MAX_LINE, LineReader.BareLf.REJECT);
      for (;;) {
        LineReader.Result r = reader.read();
        LmtpReply reply;
        if (r instanceof LineReader.Line l) {
          t.append("C: ").append(shown(l.bytes())).append('\n');
          reply = session.handle(l.bytes());
        } else if (r instanceof LineReader.Overlong) {
          t.append("C: [overlong line]\n");
          reply = session.overlongLine();
        } else if (r instanceof LineReader.BareLfLine) {
          t.append("C: [line with a bare LF]\n");
          reply = session.bareLfLine();
        } else {
          break;
        }
        reply(t, reply);
      }
    }
    t.append("state: ").append(session.state()).append('\n');
    t.append("delivered: ").append(deliveries.deliveries()).append('\n');
    return t.toString();
  }

  private static void reply(StringBuilder t, LmtpReply reply) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LmtpWriter.write(reply, out);
    String wire = out.toString(StandardCharsets.UTF_8);
    if (wire.isEmpty()) {
      return;
    }
    assertThat(wire).endsWith(CRLF);
    for (String line : wire.substring(0, wire.length() - 2).split(CRLF, -1)) {
      t.append("S: ").append(line).append('\n');
    }
    if (reply.after() != LmtpReply.Action.NONE) {
      t.append("   then ").append(reply.after()).append('\n');
    }
  }

  /** A client line for the transcript: printable as it is, long ones cut, other bytes as {@code \xNN}. */
  private static String shown(byte[] line) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < line.length && i < 120; i++) {
      int c = line[i] & 0xff;
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    if (line.length > 120) {
      b.append("... (").append(line.length).append(" octets)");
    }
    return b.toString();
  }

  @Test
  void everyReplyIsAsRecorded() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, List<String>> e : scripts().entrySet()) {
      all.append(transcript(e.getKey(), e.getValue())).append('\n');
    }
    if (Boolean.getBoolean("vqpop.record")) {
      Files.writeString(GOLDEN, all.toString(), StandardCharsets.UTF_8);
    }
    assertThat(all.toString()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
