package org.vqpop.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.pop3.Pop3Reply.Action;
import org.vqpop.store.MessageInfo;
import org.vqpop.auth.Method;
import org.vqpop.store.OpenResult;
import org.vqpop.testing.FakeBackend;
import org.vqpop.testing.FakeMailbox;
import org.vqpop.testing.Pop3Conversation;

class Pop3SessionTest {
  static final String TS = "<1896.697170952@dbc.mtview.ca.us>";

  final FakeMailbox box =
      new FakeMailbox()
          .add("uid-1", "Subject: one\n\nbody one\n")
          .add("uid-2", "Subject: two\r\n\r\nline 1\r\n.dotted\r\nline 3\r\n")
          .add("uid-3", "Subject: three\n\nno final newline");
  final FakeBackend backend = new FakeBackend().user("bob", "secret pass", box);
  final List<String> events = new ArrayList<>();
  final Pop3Events recorder =
      new Pop3Events() {
        @Override
        public void loginSucceeded(AuthResult.Success login, Method method) {
          events.add("ok " + login.user() + " " + method);
        }

        @Override
        public void loginFailed(String user, AuthResult.Failure failure, Method method) {
          events.add("fail " + user + " " + failure.kind() + " " + method);
        }

        @Override
        public void mailboxNotOpened(String user, OpenResult result) {
          events.add("notopened " + user + " " + result.getClass().getSimpleName());
        }

        @Override
        public void retrieved(int msg, long octets, long top) {
          events.add("retr " + msg + " " + octets + " " + top);
        }

        @Override
        public void deleted(int msg) {
          events.add("dele " + msg);
        }

        @Override
        public void reset() {
          events.add("reset");
        }

        @Override
        public void sessionEnded(End end) {
          events.add("end " + end);
        }
      };

  Pop3Conversation conversation(boolean plaintext, boolean stls, boolean tls, int maxBad) {
    return new Pop3Conversation(
        new Pop3Session(
            backend, new Pop3Context(TS, tls, stls, plaintext, "vqpop-test", maxBad, recorder)));
  }

  Pop3Conversation conversation() {
    return conversation(true, false, false, 10);
  }

  Pop3Conversation loggedIn() {
    Pop3Conversation c = conversation();
    c.send("USER bob").expect("+OK send PASS");
    c.send("PASS secret pass").expect("+OK maildrop has 3 messages (" + box.totalSize() + " octets)");
    return c;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  // ---- AUTHORIZATION

  @Test
  void greetingCarriesApopTimestamp() {
    conversation().greeting().expect("+OK POP3 ready " + TS);
  }

  @Test
  void userPassLogsInAndPasswordKeepsSpaces() {
    loggedIn();
    assertThat(backend.seen())
        .containsExactly(
            new Credentials.UserPass("bob", "secret pass".getBytes(StandardCharsets.UTF_8)));
    assertThat(events).containsExactly("ok bob USER_PASS");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameText() {
    Pop3Conversation c = conversation();
    c.send("USER bob").expect("+OK send PASS");
    c.send("PASS wrong").expect("-ERR [AUTH] authentication failed");
    c.send("USER nobody").expect("+OK send PASS");
    c.send("PASS wrong").expect("-ERR [AUTH] authentication failed");
    assertThat(events)
        .containsExactly("fail bob MISMATCH USER_PASS", "fail nobody UNKNOWN_USER USER_PASS");
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.AUTHORIZATION);
  }

  @Test
  void passNeedsUserAndAFailedPassNeedsUserAgain() {
    Pop3Conversation c = conversation();
    c.send("PASS secret pass").expect("-ERR send USER first");
    c.send("USER bob").expect("+OK send PASS");
    c.send("PASS nope").expect("-ERR [AUTH] authentication failed");
    c.send("PASS secret pass").expect("-ERR send USER first");
  }

  @Test
  void passWithoutArgumentIsMalformed() {
    Pop3Conversation c = conversation();
    c.send("USER bob");
    c.send("PASS").expect("-ERR missing argument");
    c.send("PASS ").expect("-ERR missing argument");
  }

  @Test
  void verbsAreCaseInsensitive() {
    Pop3Conversation c = conversation();
    c.send("user bob").expect("+OK send PASS");
    c.send("pAsS secret pass").expectStart("+OK maildrop has 3");
    c.send("stat").expect("+OK 3 " + box.totalSize());
  }

  @Test
  void temporaryBackendFailureIsSysTemp() {
    backend.temporaryFailure();
    Pop3Conversation c = conversation();
    c.send("USER bob");
    c.send("PASS secret pass").expect("-ERR [SYS/TEMP] authentication temporarily unavailable");
  }

  @Test
  void mailboxInUseKeepsAuthorizationState() {
    FakeBackend b = new FakeBackend().user("bob", "pw", () -> new OpenResult.InUse());
    Pop3Conversation c =
        new Pop3Conversation(
            new Pop3Session(b, new Pop3Context(null, false, false, true, "x", 10, recorder)));
    c.send("USER bob");
    c.send("PASS pw").expect("-ERR [IN-USE] maildrop is in use by another session").then(Action.NONE);
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.AUTHORIZATION);
    assertThat(events).contains("notopened bob InUse");
  }

  @Test
  void mailboxFailures() {
    FakeBackend b =
        new FakeBackend()
            .user("t", "pw", () -> new OpenResult.Failed(OpenResult.Kind.TEMPORARY, "nfs down"))
            .user("p", "pw", () -> new OpenResult.Failed(OpenResult.Kind.PERMANENT, "gone"));
    Pop3Conversation c =
        new Pop3Conversation(
            new Pop3Session(b, new Pop3Context(null, false, false, true, "x", 10, recorder)));
    c.send("USER t");
    c.send("PASS pw").expect("-ERR [SYS/TEMP] maildrop temporarily unavailable").then(Action.NONE);
    c.send("USER p");
    c.send("PASS pw").expect("-ERR [SYS/PERM] maildrop unavailable").then(Action.CLOSE);
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.CLOSED);
  }

  @Test
  void apopPassesTheDigestToTheBackend() {
    Pop3Conversation c = conversation(false, false, false, 10);
    String digest = FakeBackend.apopDigest(TS, "secret pass");
    c.send("APOP bob " + digest.toUpperCase()).expectStart("+OK maildrop has 3");
    assertThat(backend.seen()).containsExactly(new Credentials.Apop("bob", TS, digest));
    assertThat(events).containsExactly("ok bob APOP");
  }

  @Test
  void apopErrors() {
    Pop3Conversation c = conversation();
    c.send("APOP bob").expect("-ERR missing argument");
    c.send("APOP bob abc").expect("-ERR digest must be 32 hex digits");
    c.send("APOP bob " + "g".repeat(32)).expect("-ERR digest must be 32 hex digits");
    c.send("APOP bob " + "0".repeat(32)).expect("-ERR [AUTH] authentication failed");
    Pop3Conversation noApop =
        new Pop3Conversation(
            new Pop3Session(backend, new Pop3Context(null, false, false, true, "x", 10, recorder)));
    noApop.greeting().expect("+OK POP3 ready");
    noApop.send("APOP bob " + "0".repeat(32)).expect("-ERR APOP not available");
  }

  @Test
  void authPlainWithInitialResponse() {
    Pop3Conversation c = conversation();
    c.send("AUTH PLAIN " + b64("\0bob\0secret pass")).expectStart("+OK maildrop has 3");
    assertThat(events).containsExactly("ok bob SASL_PLAIN");
  }

  @Test
  void authPlainWithChallengeAndAuthzidEqualToAuthcid() {
    Pop3Conversation c = conversation();
    c.send("auth plain").expect("+ ");
    c.send(b64("bob\0bob\0secret pass")).expectStart("+OK maildrop has 3");
  }

  @Test
  void authPlainRefusesOtherAuthzid() {
    Pop3Conversation c = conversation();
    c.send("AUTH PLAIN " + b64("alice\0bob\0secret pass"))
        .expect("-ERR [AUTH] authentication failed");
    assertThat(backend.seen()).isEmpty();
    assertThat(events).containsExactly("fail bob AUTHZ_DENIED SASL_PLAIN");
  }

  @Test
  void authPlainCancelMalformedAndEmpty() {
    Pop3Conversation c = conversation();
    c.send("AUTH PLAIN").expect("+ ");
    c.send("*").expect("-ERR authentication cancelled");
    c.send("AUTH PLAIN").expect("+ ");
    c.send("not base64!").expect("-ERR malformed authentication response");
    c.send("AUTH PLAIN =").expect("-ERR malformed authentication response");
    c.send("AUTH PLAIN " + b64("bob\0secret")).expect("-ERR malformed authentication response");
    c.send("AUTH PLAIN " + b64("\0bob\0")).expect("-ERR malformed authentication response");
    c.send("AUTH PLAIN " + b64("\0\0pw")).expect("-ERR malformed authentication response");
    c.send("AUTH PLAIN " + b64("\0bob\0pw\0x")).expect("-ERR malformed authentication response");
    c.send("AUTH CRAM-MD5").expect("-ERR unsupported authentication mechanism");
    c.send("AUTH").expect("-ERR missing argument");
    // After all that, the session still works.
    c.send("AUTH PLAIN " + b64("\0bob\0secret pass")).expectStart("+OK maildrop");
  }

  @Test
  void plaintextRefusedWithoutTlsAndCapaHidesIt() {
    Pop3Conversation c = conversation(false, true, false, 10);
    c.send("CAPA")
        .expect(
            "+OK capability list follows",
            "TOP",
            "UIDL",
            "RESP-CODES",
            "AUTH-RESP-CODE",
            "PIPELINING",
            "STLS",
            "IMPLEMENTATION vqpop-test",
            ".");
    c.send("USER bob").expect("-ERR [AUTH] plaintext authentication disallowed without TLS");
    c.send("PASS secret pass").expect("-ERR [AUTH] plaintext authentication disallowed without TLS");
    c.send("AUTH PLAIN " + b64("\0bob\0secret pass"))
        .expect("-ERR [AUTH] plaintext authentication disallowed without TLS");
    assertThat(backend.seen()).isEmpty();
  }

  @Test
  void stlsThenPlaintextAllowed() {
    Pop3Conversation c = conversation(false, true, false, 10);
    c.send("USER bob").expectStart("-ERR [AUTH]");
    c.send("STLS").expect("+OK begin TLS negotiation").then(Action.START_TLS);
    c.session().tlsStarted(true);
    c.send("STLS").expect("-ERR TLS already active");
    c.send("CAPA")
        .expect(
            "+OK capability list follows",
            "TOP",
            "UIDL",
            "USER",
            "SASL PLAIN",
            "RESP-CODES",
            "AUTH-RESP-CODE",
            "PIPELINING",
            "IMPLEMENTATION vqpop-test",
            ".");
    c.send("USER bob").expect("+OK send PASS");
    c.send("PASS secret pass").expectStart("+OK maildrop");
  }

  @Test
  void stlsNotOfferedOrAlreadyActive() {
    conversation(true, false, false, 10).send("STLS").expect("-ERR STLS not available");
    conversation(true, false, true, 10).send("STLS").expect("-ERR TLS already active");
  }

  @Test
  void quitInAuthorizationCloses() {
    Pop3Conversation c = conversation();
    c.send("QUIT").expect("+OK bye").then(Action.CLOSE);
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.CLOSED);
    assertThat(events).containsExactly("end QUIT");
  }

  @Test
  void transactionCommandsAreRefusedBeforeLogin() {
    Pop3Conversation c = conversation(true, false, false, 100);
    for (String cmd : List.of("STAT", "LIST", "UIDL", "RETR 1", "DELE 1", "RSET", "TOP 1 1", "NOOP")) {
      c.send(cmd).expect("-ERR command not valid in this state");
    }
    c.send("RETR x").expect("-ERR command not valid in this state");
    c.send("TOP 1").expect("-ERR command not valid in this state");
  }

  @Test
  void unknownCommands() {
    Pop3Conversation c = conversation();
    c.send("XYZZY").expect("-ERR unknown command");
    c.send("").expect("-ERR unknown command");
    c.send("LAST").expect("-ERR unknown command");
  }

  // ---- TRANSACTION

  @Test
  void statListUidl() {
    Pop3Conversation c = loggedIn();
    long s1 = box.info(0).size(), s2 = box.info(1).size(), s3 = box.info(2).size();
    c.send("STAT").expect("+OK 3 " + (s1 + s2 + s3));
    c.send("LIST")
        .expect("+OK 3 messages (" + (s1 + s2 + s3) + " octets)", "1 " + s1, "2 " + s2, "3 " + s3, ".");
    c.send("LIST 2").expect("+OK 2 " + s2);
    c.send("UIDL").expect("+OK 3 messages (" + (s1 + s2 + s3) + " octets)", "1 uid-1", "2 uid-2", "3 uid-3", ".");
    c.send("UIDL 3").expect("+OK 3 uid-3");
  }

  @Test
  void retrSendsCrlfStuffedMessageAndExactOctets() {
    Pop3Conversation c = loggedIn();
    c.send("RETR 1").expect("+OK 26 octets", "Subject: one", "", "body one", ".");
    assertThat(box.info(0).size()).isEqualTo(26);
    c.send("RETR 2")
        .expect("+OK " + box.info(1).size() + " octets", "Subject: two", "", "line 1", "..dotted", "line 3", ".");
    c.send("RETR 3").expect("+OK " + box.info(2).size() + " octets", "Subject: three", "", "no final newline", ".");
    assertThat(events).contains("retr 1 26 -1");
  }

  @Test
  void top() {
    Pop3Conversation c = loggedIn();
    c.send("TOP 2 0").expect("+OK top of message follows", "Subject: two", "", ".");
    c.send("TOP 2 2").expect("+OK top of message follows", "Subject: two", "", "line 1", "..dotted", ".");
    c.send("TOP 2 99").expect("+OK top of message follows", "Subject: two", "", "line 1", "..dotted", "line 3", ".");
    c.send("TOP 2").expect("-ERR missing argument");
    c.send("TOP 2 -1").expect("-ERR invalid number");
    c.send("TOP 2 1 1").expect("-ERR too many arguments");
  }

  @Test
  void messageNumberErrors() {
    Pop3Conversation c = conversation(true, false, false, 100);
    c.send("USER bob");
    c.send("PASS secret pass");
    for (String verb : List.of("RETR", "DELE", "LIST", "UIDL")) {
      c.send(verb + " 0").expect("-ERR messages are counted from 1");
      c.send(verb + " 4").expect("-ERR no such message");
      c.send(verb + " 99999999999999999999999").expect("-ERR no such message");
      c.send(verb + " -1").expect("-ERR invalid number");
      c.send(verb + " +1").expect("-ERR invalid number");
      c.send(verb + " 1x").expect("-ERR invalid number");
      c.send(verb + " x1").expect("-ERR invalid number");
      c.send(verb + " 1 2").expect("-ERR too many arguments");
    }
    c.send("RETR").expect("-ERR missing argument");
    c.send("DELE").expect("-ERR missing argument");
    c.send("TOP 0 1").expect("-ERR messages are counted from 1");
    c.send("TOP 9 1").expect("-ERR no such message");
    c.send("STAT 1").expect("-ERR too many arguments");
    c.send("NOOP x").expect("-ERR too many arguments");
    c.send("RETR 01").expectStart("+OK 26 octets");
  }

  @Test
  void deletedMessagesDisappearFromStatAndListAndCannotBeUsed() {
    Pop3Conversation c = loggedIn();
    long s1 = box.info(0).size(), s3 = box.info(2).size();
    c.send("DELE 2").expect("+OK message 2 deleted");
    c.send("DELE 2").expect("-ERR message 2 already deleted");
    c.send("STAT").expect("+OK 2 " + (s1 + s3));
    c.send("LIST").expect("+OK 2 messages (" + (s1 + s3) + " octets)", "1 " + s1, "3 " + s3, ".");
    c.send("UIDL").expect("+OK 2 messages (" + (s1 + s3) + " octets)", "1 uid-1", "3 uid-3", ".");
    c.send("LIST 2").expect("-ERR message 2 already deleted");
    c.send("UIDL 2").expect("-ERR message 2 already deleted");
    c.send("RETR 2").expect("-ERR message 2 already deleted");
    c.send("TOP 2 1").expect("-ERR message 2 already deleted");
    assertThat(events).contains("dele 2");
  }

  @Test
  void rsetUnmarks() {
    Pop3Conversation c = loggedIn();
    c.send("DELE 1");
    c.send("DELE 3");
    c.send("RSET").expect("+OK maildrop has 3 messages (" + box.totalSize() + " octets)");
    c.send("STAT").expect("+OK 3 " + box.totalSize());
    c.send("QUIT").expect("+OK bye");
    assertThat(box.committed()).isEqualTo(new BitSet());
    assertThat(events).containsSubsequence("dele 1", "dele 3", "reset", "end QUIT");
  }

  @Test
  void quitCommitsDeletions() {
    Pop3Conversation c = loggedIn();
    c.send("DELE 1");
    c.send("DELE 3");
    c.send("NOOP").expect("+OK");
    c.send("QUIT").expect("+OK bye").then(Action.CLOSE);
    BitSet expected = new BitSet();
    expected.set(0);
    expected.set(2);
    assertThat(box.committed()).isEqualTo(expected);
    assertThat(box.closed()).isTrue();
    assertThat(events).endsWith("end QUIT");
  }

  @Test
  void quitWithFailedCommitIsSysTemp() {
    box.failOnCommit(1);
    Pop3Conversation c = loggedIn();
    c.send("DELE 1");
    c.send("QUIT").expect("-ERR [SYS/TEMP] some deleted messages not removed").then(Action.CLOSE);
    assertThat(box.closed()).isTrue();
    assertThat(events).endsWith("end QUIT_INCOMPLETE");
  }

  @Test
  void quitWithThrowingCommitIsSysTemp() {
    box.commitThrows();
    Pop3Conversation c = loggedIn();
    c.send("QUIT").expect("-ERR [SYS/TEMP] some deleted messages not removed").then(Action.CLOSE);
    assertThat(box.closed()).isTrue();
  }

  @Test
  void droppedConnectionDeletesNothing() {
    Pop3Conversation c = loggedIn();
    c.send("DELE 1");
    c.session().close();
    assertThat(box.committed()).isNull();
    assertThat(box.closed()).isTrue();
    assertThat(events).endsWith("end DROPPED");
    c.session().close(); // idempotent
    assertThat(events).filteredOn(e -> e.startsWith("end")).hasSize(1);
  }

  @Test
  void vanishedMessageIsAnError() {
    box.unreadable(0);
    Pop3Conversation c = loggedIn();
    c.send("RETR 1").expect("-ERR unable to read that message");
    c.send("RETR 2").expectStart("+OK");
  }

  @Test
  void authorizationCommandsAreRefusedInTransaction() {
    Pop3Conversation c = loggedIn();
    c.send("USER bob").expect("-ERR command not valid in this state");
    c.send("PASS x").expect("-ERR command not valid in this state");
    c.send("APOP bob " + "0".repeat(32)).expect("-ERR command not valid in this state");
    c.send("AUTH PLAIN").expect("-ERR command not valid in this state");
    c.send("STLS").expect("-ERR command not valid in this state");
    c.send("USER").expect("-ERR command not valid in this state");
    c.send("AUTH").expect("-ERR command not valid in this state");
  }

  @Test
  void capaInTransaction() {
    loggedIn()
        .send("CAPA")
        .expect(
            "+OK capability list follows",
            "TOP",
            "UIDL",
            "RESP-CODES",
            "AUTH-RESP-CODE",
            "PIPELINING",
            "IMPLEMENTATION vqpop-test",
            ".");
  }

  @Test
  void badCommandLimitCloses() {
    Pop3Conversation c = conversation(true, false, false, 3);
    c.send("FOO").expect("-ERR unknown command");
    c.send("USER bob");
    c.send("PASS wrong").expect("-ERR [AUTH] authentication failed");
    c.send("BAR").expect("-ERR unknown command");
    c.send("BAZ").expect("-ERR too many errors, closing").then(Action.CLOSE);
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.CLOSED);
    assertThat(events).endsWith("end TOO_MANY_ERRORS");
  }

  @Test
  void onlyBadCommandsInARowCountAPositiveReplyStartsOver() {
    Pop3Conversation c = conversation(true, false, false, 20);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 19; i++) {
        c.send("FOO").expect("-ERR unknown command");
      }
      c.send("CAPA"); // +OK and its listing
    }
    c.send("USER bob");
    c.send("PASS secret pass");
    for (int i = 0; i < 19; i++) {
      c.send("RETR x").expect("-ERR invalid number");
    }
    c.send("NOOP").expect("+OK");
    for (int i = 0; i < 19; i++) {
      c.send("BAR").expect("-ERR unknown command");
    }
    c.send("BAR").expect("-ERR too many errors, closing").then(Action.CLOSE);
    assertThat(events).endsWith("end TOO_MANY_ERRORS");
  }

  @Test
  void badCommandLimitInTransactionReleasesWithoutCommit() {
    Pop3Conversation c = conversation(true, false, false, 2);
    c.send("USER bob");
    c.send("PASS secret pass");
    c.send("DELE 1");
    c.send("RETR x").expect("-ERR invalid number");
    c.send("FOO").expect("-ERR too many errors, closing").then(Action.CLOSE);
    assertThat(box.committed()).isNull();
    assertThat(box.closed()).isTrue();
  }

  @Test
  void overlongLineIsAnsweredAndClosesTheSession() {
    Pop3Conversation c = conversation(true, false, false, 10);
    Pop3Reply r = c.session().overlongLine();
    assertThat(r).isEqualTo(Replies.LINE_TOO_LONG);
    assertThat(r.after()).isEqualTo(Action.CLOSE);
    assertThat(c.session().state()).isEqualTo(Pop3Session.State.CLOSED);
  }

  @Test
  void hugeListingIsLazy() throws Exception {
    int n = 100_000;
    FakeMailbox huge = FakeMailbox.generated(n, i -> new MessageInfo(1000 + i, "u" + i));
    FakeBackend b = new FakeBackend().user("big", "pw", huge);
    Pop3Session s = new Pop3Session(b, new Pop3Context(null, false, false, true, "x", 10, Pop3Events.NONE));
    s.handle("USER big".getBytes(StandardCharsets.US_ASCII));
    s.handle("PASS pw".getBytes(StandardCharsets.US_ASCII));
    s.handle("DELE 5".getBytes(StandardCharsets.US_ASCII));
    Pop3Reply reply = s.handle("UIDL".getBytes(StandardCharsets.US_ASCII));
    assertThat(reply).isInstanceOf(Pop3Reply.Listing.class);
    // The lines exist only while iterated: count them through a writer that keeps no text.
    CountingOutputStream out = new CountingOutputStream();
    new ReplyWriter().write(reply, out);
    assertThat(out.lines).isEqualTo(1 + (n - 1) + 1);
    assertThat(out.writes).isLessThan(100); // large buffered writes, not one per line
    Pop3Reply list = s.handle("LIST".getBytes(StandardCharsets.US_ASCII));
    int count = 0;
    for (String line : ((Pop3Reply.Listing) list).lines()) {
      if (count == 4) {
        assertThat(line).isEqualTo("6 1005");
      }
      count++;
    }
    assertThat(count).isEqualTo(n - 1);
  }

  static final class CountingOutputStream extends java.io.OutputStream {
    long lines;
    int writes;

    @Override
    public void write(int b) {
      writes++;
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
