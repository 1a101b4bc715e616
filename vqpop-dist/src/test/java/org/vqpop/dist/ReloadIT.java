package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGHUP} to a running {@code vqpop serve}: what can change while it runs does, open
 * sessions go on, what needs a restart is logged, and a broken file changes nothing.
 */
class ReloadIT {
  @TempDir Path tmp;

  /** A line-at-a-time POP3 client over a real socket. */
  static final class Pop3 implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;
    final String greeting;

    Pop3(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(20_000);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out = socket.getOutputStream();
      greeting = in.readLine();
    }

    String send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static String awaitLog(Path log, String text, int after) throws Exception {
    for (int i = 0; i < 600; i++) {
      String all = Files.readString(log);
      if (all.indexOf(text, after) >= 0) {
        return all;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' in the log:\n" + Files.readString(log));
  }

  static void hangup(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void sighupAppliesLimitsAndDelaysKeepsSessionsAndLogsWhatNeedsARestart() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    Files.writeString(s.mailhome.resolve("acme.com/j/joeuser/Maildir/new/1700000000.M1P1.test"), "Subject: hi\n\nhello\n");
    int port = ServeIT.freePort();
    int other = ServeIT.freePort();
    Path conf = Path.of(s.env.get("VQPOP_CONFIG"));
    String base = Files.readString(conf) + "[pop3]\nlisten = [\"127.0.0.1:%d\"]\n[login]\nuse_domain = true\n"
        + "[limits]\nmax_connections = %d\nlogin_failure_delay_ms = %d\n";
    Files.writeString(conf, base.formatted(port, 1, 0));
    Path err = tmp.resolve("serve.err");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve")
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(s.env);
    Process p = pb.start();
    try {
      awaitLog(err, "listening pop3:127.0.0.1:" + port, 0);
      try (Pop3 a = new Pop3(port)) {
        assertThat(a.greeting).startsWith("+OK");
        assertThat(a.send("USER joeuser@acme.com")).startsWith("+OK");
        assertThat(a.send("PASS joepass")).startsWith("+OK");
        // max_connections = 1: a second client is refused while a is open
        try (Pop3 b = new Pop3(port)) {
          assertThat(b.greeting).startsWith("-ERR [SYS/TEMP] too many connections");
        }
        // more connections, a failure delay, and a listener that needs a restart
        Files.writeString(conf, base.formatted(other, 3, 1500));
        int mark = Files.readString(err).length();
        hangup(p);
        String log = awaitLog(err, "reloaded: ", mark);
        assertThat(log.substring(mark)).contains("reload: pop3.listen changed; it takes effect at the next restart",
            "reloaded: limits.max_connections, limits.login_failure_delay_ms");
        // the open session goes on as if nothing happened
        assertThat(a.send("STAT")).isEqualTo("+OK 1 22");
        // a second client is let in now, on the port the server started with
        try (Pop3 b = new Pop3(port)) {
          assertThat(b.greeting).startsWith("+OK");
          assertThat(b.send("USER joeuser@acme.com")).startsWith("+OK");
          long t0 = System.nanoTime();
          assertThat(b.send("PASS wrong")).startsWith("-ERR");
          assertThat((System.nanoTime() - t0) / 1_000_000).as("the new failure delay").isGreaterThanOrEqualTo(1400);
        }
        assertThat(connects(other)).as("the new address is not bound before a restart").isFalse();
        // a file with a mistake changes nothing, and says so
        Files.writeString(conf, base.formatted(port, 0, 0));
        mark = Files.readString(err).length();
        hangup(p);
        log = awaitLog(err, "reload refused: the running configuration stays", mark);
        assertThat(log.substring(mark)).contains("key 'limits.max_connections': must be a positive whole number");
        try (Pop3 b = new Pop3(port); Pop3 c = new Pop3(port)) {
          assertThat(b.greeting).startsWith("+OK");
          assertThat(c.greeting).as("max_connections is still 3").startsWith("+OK");
        }
        assertThat(a.send("QUIT")).startsWith("+OK");
      }
      assertThat(p.isAlive()).isTrue();
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(err)).doesNotContain("\tat ", "Exception");
    } finally {
      p.destroyForcibly();
    }
  }

  static boolean connects(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

}
