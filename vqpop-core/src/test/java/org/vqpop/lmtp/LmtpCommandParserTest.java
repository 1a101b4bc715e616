package org.vqpop.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vqpop.lmtp.LmtpCommand.Verb;

/** The one place an LMTP command line is read; the replies themselves are in LmtpTranscriptTest. */
class LmtpCommandParserTest {
  static LmtpCommand parse(String line) {
    return LmtpCommandParser.parse(line.getBytes(StandardCharsets.ISO_8859_1), 1000);
  }

  @Test
  void verbsAreCaseInsensitiveAndArgumentsChecked() {
    assertThat(parse("lhlo  client.test ")).isEqualTo(new LmtpCommand.Lhlo("client.test"));
    assertThat(parse("Mail From:<a@r.test> SIZE=12 body=8bitmime")).isEqualTo(new LmtpCommand.Mail("a@r.test", 12));
    assertThat(parse("MAIL FROM:<>")).isEqualTo(new LmtpCommand.Mail("", 0));
    assertThat(parse("RCPT TO:<@relay.test:bob@example.org>")).isEqualTo(new LmtpCommand.Rcpt("bob@example.org"));
    assertThat(parse("DATA ")).isEqualTo(new LmtpCommand.Data());
    assertThat(parse("NOOP whatever")).isEqualTo(new LmtpCommand.Noop());
    assertThat(parse("EHLO x")).isEqualTo(new LmtpCommand.Helo());
    assertThat(parse("bdat 10 LAST")).isEqualTo(new LmtpCommand.NotImplemented("BDAT"));
    assertThat(parse("MAILFROM:<a@r.test>")).isEqualTo(new LmtpCommand.Unknown());
  }

  @Test
  void malformedCommandsCarryTheirVerbAndReply() {
    assertThat(parse("LHLO")).isEqualTo(new LmtpCommand.Malformed(Verb.LHLO, LmtpReplies.LHLO_SYNTAX));
    assertThat(parse("QUIT now")).isEqualTo(new LmtpCommand.Malformed(Verb.QUIT, LmtpReplies.QUIT_SYNTAX));
    assertThat(parse("MAIL FROM:<a@r.test> SIZE=1001"))
        .isEqualTo(new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.sizeExceeded(1000)));
    // Parameters are checked in their order: the first problem is the one answered.
    assertThat(parse("MAIL FROM:<a@r.test> BODY=X SIZE=1001"))
        .isEqualTo(new LmtpCommand.Malformed(Verb.MAIL, LmtpReplies.BAD_BODY));
    assertThat(parse("RCPT TO:<b@example.org> NOTIFY=NEVER"))
        .isEqualTo(new LmtpCommand.Malformed(Verb.RCPT, LmtpReplies.parameterNotRecognized("RCPT", "NOTIFY")));
  }

  @Test
  void aCommandLineOverTheLimitIsNotParsed() {
    assertThat(parse("NOOP " + "x".repeat(LmtpSession.MAX_COMMAND_LINE - 5))).isEqualTo(new LmtpCommand.Noop());
    assertThat(parse("NOOP " + "x".repeat(LmtpSession.MAX_COMMAND_LINE - 4))).isEqualTo(new LmtpCommand.TooLong());
  }
}
