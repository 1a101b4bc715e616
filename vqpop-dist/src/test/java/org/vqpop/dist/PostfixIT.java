package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real Postfix: mail submitted with swaks over SMTP to a private Postfix
 * instance on a loopback port, handed to {@code vqpop serve}'s LMTP listener through {@code
 * virtual_transport = lmtp:inet:...}, and fetched over POP3 with curl.
 */
class PostfixIT {
  @TempDir Path tmp;

  static boolean runnable() throws IOException {
    boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    return root && Files.isExecutable(Path.of("/usr/sbin/postfix")) && Files.isExecutable(Path.of("/usr/bin/swaks"));
  }

  static void awaitPort(int port, Process p) throws Exception {
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        assertThat(p.isAlive()).as("server still running").isTrue();
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listens on " + port);
  }

  @Test
  void mailSubmittedToPostfixOverSmtpIsDeliveredByLmtpAndFetchedByPop3() throws Exception {
    assumeTrue(runnable(), "Postfix end-to-end test needs root, /usr/sbin/postfix and swaks "
        + "(apt-get install postfix swaks); .ci/run installs them");
    // A directory postfix (the mail_owner) can enter: the test's temp dir may be private.
    Path pfx = Files.createTempDirectory(Path.of("/var/tmp"), "vqpop-postfix-");
    Files.setPosixFilePermissions(pfx, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    s.input("marypass\n", "vqpop", "user", "add", "mary@oce.nl").ok();
    int lmtp = ServeIT.freePort();
    int pop3 = ServeIT.freePort();
    int smtp = ServeIT.freePort();
    Path err = tmp.resolve("serve.err");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve", "--use-domain",
        "--pop3", "127.0.0.1:" + pop3, "--lmtp", "127.0.0.1:" + lmtp)
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(s.env);
    Process server = pb.start();
    Path etc = pfx.resolve("etc");
    try {
      awaitPort(lmtp, server);
      writePostfixConfig(pfx, smtp, lmtp);
      Sandbox.Result start = s.exec(null, tmp, List.of("/usr/sbin/postfix", "-c", etc.toString(), "start"));
      assertThat(start.code()).as("postfix start: %s %s; maillog: %s", start.out(), start.err(),
          Files.exists(pfx.resolve("maillog")) ? Files.readString(pfx.resolve("maillog")) : "(none)").isZero();
      for (int i = 0; i < 200 && !listening(smtp); i++) {
        Thread.sleep(100);
      }
      String swaks = s.exec(null, tmp, List.of("swaks", "--server", "127.0.0.1:" + smtp, "--from", "bob@example.org",
          "--to", "joeuser@acme.com,mary@oce.nl", "--h-Subject", "through postfix", "--body",
          "Hello over SMTP.\n.a line with a dot\nbye\n")).ok().out();
      assertThat(swaks).contains("250 2.0.0 Ok: queued");

      String joe = fetch(s, "joeuser%40acme.com:joepass", pop3);
      assertThat(joe).startsWith("Return-Path: <bob@example.org>\r\nDelivered-To: joeuser@acme.com\r\n")
          .contains("Subject: through postfix\r\n").contains("\r\n.a line with a dot\r\nbye\r\n");
      String mary = fetch(s, "mary%40oce.nl:marypass", pop3);
      assertThat(mary).contains("Delivered-To: mary@oce.nl\r\n").contains("Subject: through postfix\r\n");
      String log = Files.readString(pfx.resolve("maillog"));
      assertThat(log).contains("relay=127.0.0.1[127.0.0.1]:" + lmtp).contains("status=sent");
    } finally {
      s.exec(null, tmp, List.of("/usr/sbin/postfix", "-c", etc.toString(), "abort"));
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      server.destroyForcibly();
      s.exec(null, tmp, List.of("rm", "-rf", pfx.toString()));
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls POP3 until message 1 is there (Postfix delivers asynchronously). */
  static String fetch(Sandbox s, String credentials, int port) throws Exception {
    Sandbox.Result last = null;
    for (int i = 0; i < 120; i++) {
      last = s.exec(null, s.root, List.of("curl", "-s", "pop3://" + credentials + "@127.0.0.1:" + port + "/1"));
      if (last.code() == 0 && !last.out().isEmpty()) {
        return last.out();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no mail arrived: " + last);
  }

  static void writePostfixConfig(Path d, int smtp, int lmtp) throws Exception {
    writePostfixConfig(d, smtp, List.of("virtual_mailbox_domains = acme.com oce.nl isp.net",
        "virtual_transport = lmtp:inet:127.0.0.1:" + lmtp), List.of());
  }

  /**
   * A private Postfix in {@code d}: SMTP on 127.0.0.1:{@code smtp}, its log in {@code d/maillog},
   * and {@code mainCf} and {@code masterCf} lines after the common ones.
   */
  static void writePostfixConfig(Path d, int smtp, List<String> mainCf, List<String> masterCf) throws Exception {
    Path etc = Files.createDirectories(d.resolve("etc"));
    Files.createDirectories(d.resolve("spool"));
    Path data = Files.createDirectories(d.resolve("data"));
    Files.setAttribute(data, "unix:uid", uid("postfix"));
    List<String> main = new java.util.ArrayList<>(List.of(
        "compatibility_level = 3.6",
        "queue_directory = " + d.resolve("spool"),
        "data_directory = " + data,
        "meta_directory = /etc/postfix",
        "mail_owner = postfix",
        "setgid_group = postdrop",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "myhostname = mx.vqpop.test",
        "mydomain = vqpop.test",
        "myorigin = vqpop.test",
        "mydestination =",
        "mynetworks = 127.0.0.0/8",
        "relay_domains =",
        "alias_maps =",
        "alias_database =",
        "local_recipient_maps =",
        "virtual_mailbox_maps =",
        "maillog_file = " + d.resolve("maillog"),
        "queue_run_delay = 1s",
        "minimal_backoff_time = 1s",
        "maximal_backoff_time = 2s",
        "biff = no",
        "smtputf8_enable = no"));
    main.addAll(mainCf);
    main.add("");
    Files.writeString(etc.resolve("main.cf"), String.join("\n", main));
    StringBuilder master = new StringBuilder("127.0.0.1:" + smtp + " inet n - n - - smtpd\n");
    for (String svc : List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr", "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp", "showq unix n - n - - showq", "error unix - - n - - error",
        "retry unix - - n - - error", "discard unix - - n - - discard", "lmtp unix - - n - - lmtp",
        "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd")) {
      master.append(svc).append('\n');
    }
    for (String line : masterCf) {
      master.append(line).append('\n');
    }
    Files.writeString(etc.resolve("master.cf"), master.toString());
  }

  static int uid(String user) throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":");
      if (f.length > 2 && f[0].equals(user)) {
        return Integer.parseInt(f[2]);
      }
    }
    throw new IOException("no user " + user + " in /etc/passwd");
  }
}
