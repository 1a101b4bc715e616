package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.net.pop3.POP3Client;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session per maildrop between {@code vqpop serve} processes sharing a mail home (as hosts
 * sharing storage do), with the maildrop locks in the mail home's table: the lock is held while a
 * session is open, released by QUIT, by a dropped connection and by the death of the process
 * holding it; and a session costs the server one descriptor, its socket.
 */
class MaildropLockIT {
  @TempDir Path tmp;

  @Test
  void twoServersOnOneMailHomeExcludeEachOtherUntilQuitDropOrSigkill() throws Exception {
    Sandbox s = sandbox(1);
    int portA = ServeIT.freePort();
    int portB = ServeIT.freePort();
    Process a = serve(s, portA);
    Process b = serve(s, portB);
    try {
      POP3Client onA = login(portA, "acme-user0");
      assertThat(onA).as("a first session").isNotNull();
      assertThat(refusal(portB, "acme-user0")).as("the other server, same maildrop").contains("-ERR [IN-USE]");
      assertThat(onA.logout()).isTrue(); // QUIT
      onA.disconnect();

      POP3Client onB = login(portB, "acme-user0");
      assertThat(onB).as("after QUIT on the other server").isNotNull();
      assertThat(refusal(portA, "acme-user0")).contains("-ERR [IN-USE]");
      onB.disconnect(); // the connection dropped: no QUIT
      POP3Client againOnA = eventually(portA);
      assertThat(againOnA).as("after a dropped connection").isNotNull();

      // The session on A stays open; A is killed with it.
      assertThat(refusal(portB, "acme-user0")).contains("-ERR [IN-USE]");
      a.destroyForcibly(); // SIGKILL: the kernel drops the dead process's fcntl locks
      assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
      POP3Client afterKill = login(portB, "acme-user0");
      assertThat(afterKill).as("after the holding server was killed").isNotNull();
      assertThat(afterKill.logout()).isTrue();
      afterKill.disconnect();
      againOnA.disconnect();

      Path maildir = s.mailhome.resolve("acme.com/u/user0/Maildir");
      assertThat(maildir.resolve(".vqpop-pop3.lock")).as("no lock file in the Maildir").doesNotExist();
      assertThat(s.mailhome.resolve(".vqpop-pop3.locks")).isRegularFile();
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
  }

  @Test
  void aThousandSessionsCostTheServerAThousandDescriptors() throws Exception {
    int n = 1000;
    Sandbox s = sandbox(n);
    int port = ServeIT.freePort();
    Process server = serve(s, port);
    List<POP3Client> open = new ArrayList<>();
    try {
      POP3Client warm = login(port, "acme-user0");
      assertThat(warm).isNotNull();
      warm.logout();
      warm.disconnect();
      Thread.sleep(500);
      long[] before = descriptors(server.pid());
      for (int i = 0; i < n; i++) {
        POP3Client c = login(port, "acme-user" + i);
        assertThat(c).as("session %d", i).isNotNull();
        assertThat(c.status()).isNotNull(); // STAT: the maildrop is open and locked
        open.add(c);
      }
      long[] held = descriptors(server.pid());
      // One socket per session, and nothing else per session (the lock table is one descriptor).
      assertThat(held[0] - before[0]).as("descriptors added for %d sessions", n).isBetween((long) n, n + 20L);
      assertThat(held[1] - before[1]).as("descriptors other than sockets added").isLessThanOrEqualTo(10);
      for (POP3Client c : open) {
        c.logout();
        c.disconnect();
      }
      open.clear();
      long[] after = before;
      for (int i = 0; i < 100; i++) {
        after = descriptors(server.pid());
        if (after[0] <= before[0] + 10) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(after[0]).as("descriptors after QUIT").isLessThanOrEqualTo(before[0] + 10);
    } finally {
      for (POP3Client c : open) {
        c.disconnect();
      }
      server.destroyForcibly();
    }
  }

  /** Seed domains, {@code users} users {@code userN@acme.com} with the APOP secret {@code sN}. */
  private Sandbox sandbox(int users) throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp.resolve("s"));
    s.seedDomains();
    StringBuilder pop = new StringBuilder();
    for (int i = 0; i < users; i++) {
      pop.append("user").append(i).append(":x:y:s").append(i).append('\n');
    }
    s.input(pop.toString(), "vqpop", "import", "mhpop", "acme.com").ok();
    Path conf = Path.of(s.env.get("VQPOP_CONFIG"));
    Files.writeString(conf, Files.readString(conf) + "[limits]\nlogin_failure_delay_ms = 0\n"
        + "max_connections = " + (users + 100) + "\nmax_connections_per_ip = " + (users + 100) + "\n");
    return s;
  }

  private Process serve(Sandbox s, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve", "--use-prefix",
        "--pop3", "127.0.0.1:" + port)
        .redirectError(tmp.resolve("serve-" + port + ".err").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(s.env);
    Process p = pb.start();
    PostfixIT.awaitPort(port, p);
    return p;
  }

  /** A logged-in client (USER/PASS with the APOP secret, which the seed accepts as a password), or null. */
  private static @Nullable POP3Client login(int port, String user) throws IOException {
    POP3Client c = new POP3Client();
    c.setDefaultTimeout(30_000);
    c.connect("127.0.0.1", port);
    c.setSoTimeout(30_000);
    if (c.login(user, "s" + user.substring("acme-user".length()))) {
      return c;
    }
    c.disconnect();
    return null;
  }

  /** The reply to a login that should be refused. */
  private static String refusal(int port, String user) throws IOException {
    POP3Client c = new POP3Client();
    c.setDefaultTimeout(30_000);
    c.connect("127.0.0.1", port);
    try {
      assertThat(c.login(user, "s" + user.substring("acme-user".length()))).as("login refused").isFalse();
      return c.getReplyString();
    } finally {
      c.disconnect();
    }
  }

  /** A login that succeeds within 10 s (a dropped connection is noticed at once, but not in no time). */
  private static @Nullable POP3Client eventually(int port) throws Exception {
    for (int i = 0; i < 100; i++) {
      POP3Client c = login(port, "acme-user0");
      if (c != null) {
        return c;
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** The process's open descriptors: all, and those that are not sockets. */
  private static long[] descriptors(long pid) throws IOException {
    long all = 0;
    long other = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        all++;
        try {
          if (!Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
            other++;
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    return new long[] {all, other};
  }
}
