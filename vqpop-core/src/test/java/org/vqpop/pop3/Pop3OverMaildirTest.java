package org.vqpop.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.LoginIdentity;
import org.vqpop.auth.Source;
import org.vqpop.maildir.MaildirMailbox;
import org.vqpop.maildir.MaildirSize;
import org.vqpop.maildir.Maildirs;
import org.vqpop.store.OpenResult;
import org.vqpop.testing.ChunkingInputStream;
import org.vqpop.wire.LineReader;

/**
 * The pieces together, the way the connection layer will drive them, minus the socket: a
 * pipelined client script goes through {@link LineReader}, {@link Pop3Session} and {@link
 * ReplyWriter} against a real Maildir.
 */
class Pop3OverMaildirTest {
  @TempDir Path dir;

  /** The connection loop, as a sketch for the socket layer. */
  static String serve(Pop3Session session, byte[] clientBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReplyWriter writer = new ReplyWriter();
    LineReader reader =
        new LineReader(ChunkingInputStream.random(clientBytes, 9, 1), 1024, LineReader.BareLf.ACCEPT);
    try (session) {
      writer.write(session.greeting(), out);
      for (;;) {
        Pop3Reply reply =
            switch (reader.read()) {
              case LineReader.Line l -> session.handle(l.bytes());
              case LineReader.Overlong o -> session.overlongLine();
              case LineReader.BareLfLine b -> session.overlongLine(); // not with ACCEPT
              case LineReader.Eof e -> null;
              case LineReader.EofMidLine e -> null;
            };
        if (reply == null) {
          return out.toString(StandardCharsets.ISO_8859_1);
        }
        writer.write(reply, out);
        if (reply.after() == Pop3Reply.Action.CLOSE) {
          return out.toString(StandardCharsets.ISO_8859_1);
        }
      }
    }
  }

  Pop3Session session() {
    Pop3Backend backend =
        new Pop3Backend() {
          @Override
          public AuthResult authenticate(Credentials c) {
            return c instanceof Credentials.UserPass up
                    && up.user().equals("bob")
                    && new String(up.password(), StandardCharsets.UTF_8).equals("pw")
                ? new AuthResult.Success(new LoginIdentity(null, "bob@example.org", dir, dir, Source.POP_PASSWORD, null))
                : new AuthResult.Failure(AuthResult.Kind.MISMATCH);
          }

          @Override
          public OpenResult openMailbox(AuthResult.Success user) {
            return MaildirMailbox.open(user.identity().maildir());
          }
        };
    return new Pop3Session(backend, new Pop3Context(null, false, false, true, "vqpop", 5, Pop3Events.NONE));
  }

  void deliver(String subdir, String name, String body, long secondsAgo) throws IOException {
    Path p = dir.resolve(subdir).resolve(name);
    Files.writeString(p, body, StandardCharsets.ISO_8859_1);
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
  }

  @Test
  void pipelinedSessionRetrievesDeletesAndCommits() throws IOException {
    Maildirs.create(dir);
    deliver("new", "100.lf.host", "Subject: lf\n\n.dot\nend\n", 100);
    deliver("cur", "200.crlf.host:2,S", "Subject: crlf\r\n\r\nbody\r\n", 50);
    deliver("new", "300.keep.host", "Subject: keep\n\nno newline", 10);
    String client =
        "USER bob\r\nPASS pw\r\nSTAT\r\nUIDL\r\nLIST\r\nRETR 1\r\nRETR 2\nDELE 1\r\nDELE 2\r\nQUIT\r\n";
    String wire = serve(session(), client.getBytes(StandardCharsets.US_ASCII));
    assertThat(wire)
        .isEqualTo(
            String.join(
                "\r\n",
                "+OK POP3 ready",
                "+OK send PASS",
                "+OK maildrop has 3 messages (78 octets)",
                "+OK 3 78",
                "+OK 3 messages (78 octets)",
                "1 100.lf.host",
                "2 200.crlf.host",
                "3 300.keep.host",
                ".",
                "+OK 3 messages (78 octets)",
                "1 26",
                "2 23",
                "3 29",
                ".",
                "+OK 26 octets",
                "Subject: lf",
                "",
                "..dot",
                "end",
                ".",
                "+OK 23 octets",
                "Subject: crlf",
                "",
                "body",
                ".",
                "+OK message 1 deleted",
                "+OK message 2 deleted",
                "+OK bye",
                ""));
    try (Stream<Path> n = Files.list(dir.resolve("new")); Stream<Path> c = Files.list(dir.resolve("cur"))) {
      assertThat(n).isEmpty();
      assertThat(c.map(p -> p.getFileName().toString()).filter(s -> !s.startsWith(".")))
          .containsExactly("300.keep.host:2,");
    }
  }

  @Test
  void deleAndQuitSubtractFromMaildirsize() throws IOException {
    Maildirs.create(dir);
    Files.writeString(dir.resolve(MaildirSize.FILE), "100000S,10C\n1300 2\n");
    deliver("new", "1700000000.M1P1Q1.host,S=1234,W=1260", "x\n", 100);
    deliver("cur", "1700000001.M1P1Q2.host:2,S", "0123456789", 50);
    serve(session(), "USER bob\r\nPASS pw\r\nDELE 1\r\nDELE 2\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.readString(dir.resolve(MaildirSize.FILE))).isEqualTo("100000S,10C\n1300 2\n-1244 -2\n");
  }

  @Test
  void droppedConnectionLeavesTheMaildirAsItWas() throws IOException {
    Maildirs.create(dir);
    deliver("new", "100.a.host", "x\n", 100);
    String wire = serve(session(), "USER bob\r\nPASS pw\r\nDELE 1\r\nRE".getBytes(StandardCharsets.US_ASCII));
    assertThat(wire).endsWith("+OK message 1 deleted\r\n");
    assertThat(dir.resolve("new").resolve("100.a.host")).exists();
    // And the lock is gone: the next session can open it.
    assertThat(MaildirMailbox.open(dir)).isInstanceOfSatisfying(OpenResult.Opened.class, o -> o.mailbox().close());
  }

  @Test
  void sizesInListMatchWhatRetrSends() throws IOException {
    Maildirs.create(dir);
    deliver("new", "1.a.host", "a\r\n.\n..\r\nb", 10);
    String wire =
        serve(session(), "USER bob\r\nPASS pw\r\nLIST 1\r\nRETR 1\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
    String[] lines = wire.split("\r\n", -1);
    // greeting, USER, PASS, then "+OK 1 <size>", then "+OK <size> octets", the message, "."
    long listed = Long.parseLong(lines[3].substring("+OK 1 ".length()));
    assertThat(lines[4]).isEqualTo("+OK " + listed + " octets");
    StringBuilder content = new StringBuilder();
    for (int i = 5; !lines[i].equals("."); i++) {
      content.append(lines[i].startsWith(".") ? lines[i].substring(1) : lines[i]).append("\r\n");
    }
    assertThat(content.toString()).isEqualTo("a\r\n.\r\n..\r\nb\r\n").hasSize((int) listed);
  }
}
