package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.config.ConfigKeys;
import org.vqpop.config.ConfigLoader;
import org.vqpop.server.tls.SelfSignedCertificate;

/** {@code vqpop config check} and {@code vqpop config dump}, run from the distribution. */
class ConfigIT {
  @TempDir Path tmp;

  Path conf(Sandbox s) {
    return Path.of(s.env.get("VQPOP_CONFIG"));
  }

  @Test
  void checkNamesEveryProblemWithItsFileLineAndKey() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Files.writeString(conf(s), """
        mailhome = "/nonexistent/mailhome"
        [pop3]
        listen = ["nowhere"]
        [limits]
        max_conections = 5
        max_connections = 0
        """);
    String err = s.run("vqpop", "config", "check").fails(1).err();
    assertThat(err).contains(
        "vqpop: " + conf(s) + ": unknown key 'limits.max_conections' (line 5)",
        "vqpop: " + conf(s) + ", line 3: key 'pop3.listen[0]': 'nowhere' is not ADDRESS:PORT",
        "vqpop: " + conf(s) + ", line 6: key 'limits.max_connections': must be a positive whole number");
    assertThat(err.lines()).hasSize(3);
    // The values are right now, so the start checks run: the mail home and the certificate files.
    Files.writeString(conf(s), """
        [pop3s]
        listen = ["127.0.0.1:1995"]
        [tls]
        cert = "%s"
        key = "%s"
        """.formatted(tmp.resolve("none.pem"), tmp.resolve("none.key")));
    err = s.run("vqpop", "config", "check", "--mailhome", "/nonexistent/mailhome").fails(1).err();
    assertThat(err).contains("mail home /nonexistent/mailhome does not exist",
        "tls.cert: " + tmp.resolve("none.pem") + ": no such file", "tls.key: " + tmp.resolve("none.key") + ": no such file");
    // serve refuses the same file, naming the first problem it meets
    assertThat(s.run("vqpop", "serve").fails(1).err()).contains("none.pem");
  }

  @Test
  void checkPassesAUsableConfigurationAndFindsAKeyThatIsNotTheCertificates() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path a = tmp.resolve("a.pem");
    Path ak = tmp.resolve("a.key");
    Path b = tmp.resolve("b.pem");
    Path bk = tmp.resolve("b.key");
    SelfSignedCertificate.write(List.of("a.test"), Duration.ofDays(1), a, ak);
    SelfSignedCertificate.write(List.of("b.test"), Duration.ofDays(1), b, bk);
    String tls = "[pop3s]\nlisten = [\"127.0.0.1:1995\"]\n[tls]\ncert = \"" + a + "\"\nkey = \"%s\"\n";
    Files.writeString(conf(s), tls.formatted(ak));
    assertThat(s.run("vqpop", "config", "check").ok().out()).isEqualTo("ok: " + conf(s) + "\n");
    Files.writeString(conf(s), tls.formatted(bk));
    assertThat(s.run("vqpop", "config", "check").fails(1).err()).contains("tls: ").contains(a.toString());
    // an option names the file for this run only
    assertThat(s.run("vqpop", "config", "check", "--config", tmp.resolve("none.toml").toString()).fails(1).err())
        .contains("none.toml: no such file");
  }

  @Test
  void dumpPrintsWhatDiffersFromTheDefaultsAndWhereEachValueCameFrom() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Files.writeString(conf(s), "[passwords]\nscheme = \"sha512-crypt\"\n[limits]\nmax_connections = 50\n");
    String dump = s.run("vqpop", "config", "dump").ok().out();
    assertThat(dump).isEqualTo("mailhome = \"" + s.mailhome + "\"\nqmail = \"" + s.qmail + "\"\n"
        + "\n[limits]\nmax_connections = 50\n\n[passwords]\nscheme = \"sha512-crypt\"\n");
    String origins = s.run("vqpop", "config", "dump", "--origin", "--pop-user", "alias2").ok().out();
    assertThat(origins).contains("mailhome = \"" + s.mailhome + "\"    # environment MAILHOME",
        "pop_user = \"alias2\"    # option --pop-user", "max_connections = 50    # file " + conf(s));
    String all = s.run("vqpop", "config", "dump", "--all").ok().out();
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      if (!List.of("pop_home", "lmtp.socket", "delivery.hostname", "delivery.spool_dir", "tls.cert", "tls.key", "tls.sni")
          .contains(k.path())) { // the keys without a default value
        assertThat("\n" + all).as(k.path()).contains("\n" + k.name() + " = ");
      }
    }
    // What dump prints is a configuration file that gives the same configuration.
    Path again = tmp.resolve("again.toml");
    Files.writeString(again, all);
    assertThat(ConfigLoader.read(again, true).load().config())
        .isEqualTo(ConfigLoader.read(conf(s), true).set("mailhome", s.mailhome, ConfigLoader.Origin.ENVIRONMENT, "MAILHOME")
            .set("qmail", s.qmail, ConfigLoader.Origin.ENVIRONMENT, "QMAIL_HOME").load().config());
  }

  /** Every key at a value that is not its default; the paths and ports are this sandbox's. */
  static String everyKey(Sandbox s, Path tmp, int pop3, int pop3s, int lmtp, boolean cache) throws Exception {
    Path a = tmp.resolve("a.pem");
    Path ak = tmp.resolve("a.key");
    Path b = tmp.resolve("b.pem");
    Path bk = tmp.resolve("b.key");
    if (!Files.exists(a)) {
      SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), a, ak);
      SelfSignedCertificate.write(List.of("mail.acme.com"), Duration.ofDays(1), b, bk);
      Files.writeString(s.passwd, Files.readString(s.passwd) + "popper:*:" + s.uid + ":" + s.gid + "::" + s.alias
          + ":/bin/sh\n");
      Files.writeString(tmp.resolve("shadow"), "");
      Files.createDirectories(tmp.resolve("spool"));
      Files.createDirectories(tmp.resolve("pophome"));
    }
    return """
        mailhome = "%s"
        qmail = "%s"
        pop_user = "popper"
        pop_home = "%s"
        [pop3]
        listen = ["127.0.0.1:%d"]
        [pop3s]
        listen = ["127.0.0.1:%d"]
        [lmtp]
        listen = ["127.0.0.1:%d"]
        socket = "%s"
        socket_mode = "0600"
        max_recipients = 7
        data_timeout_seconds = 60
        data_min_rate = 0
        received_header = false
        [delivery]
        max_message_size = "10M"
        detail_separators = "+"
        quota_full = "temporary"
        hostname = "mx.test"
        spool_threshold = "64k"
        spool_dir = "%s"
        [tls]
        cert = "%s"
        key = "%s"
        reload_seconds = 5
        handshake_timeout_seconds = 7
        protocols = ["TLSv1.3"]
        ciphers = ["TLS_AES_256_GCM_SHA384"]
        [[tls.sni]]
        names = ["mail.acme.com"]
        cert = "%s"
        key = "%s"
        [login]
        allow_plaintext = true
        use_domain = true
        use_prefix = true
        at_sign = "%%"
        system_accounts = true
        passwd_file = "%s"
        shadow_file = "%s"
        rpop_trusted_hosts = ["192.0.2.7"]
        cache_seconds = %d
        cache_size = 10
        max_concurrent_checks = 3
        queue_timeout_seconds = 9
        account_failures = 50
        account_failure_delay_ms = 300
        [limits]
        idle_timeout_seconds = 900
        login_timeout_seconds = 45
        max_connections = 3
        max_connections_per_ip = 2
        ipv6_prefix = 56
        max_bad_commands = 4
        login_failure_delay_ms = 700
        [passwords]
        scheme = "bcrypt"
        """.formatted(s.mailhome, s.qmail, tmp.resolve("pophome"), pop3, pop3s, lmtp, tmp.resolve("lmtp.sock"),
        tmp.resolve("spool"), a, ak, b, bk, s.passwd, tmp.resolve("shadow"), cache ? 3600 : 0);
  }

  /**
   * A file with every key at a non-default value: {@code config dump} shows each, and {@code
   * serve} follows them: no login cache (every login checks its password), the connection
   * limits, the failure delay, the bad-command limit, logins as user%domain.
   */
  @Test
  void everyKeyAtANonDefaultValueIsShownAndFollowed() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    int pop3 = ServeIT.freePort();
    String file = everyKey(s, tmp, pop3, ServeIT.freePort(), ServeIT.freePort(), false);
    Files.writeString(conf(s), file);
    // the file's mail home, qmail and pop account, not the sandbox's environment
    for (String v : List.of("MAILHOME", "QMAIL_HOME", "POP_USER")) {
      s.env.remove(v);
    }
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    assertThat(s.run("vqpop", "config", "check").ok().out()).startsWith("ok");
    String dump = s.run("vqpop", "config", "dump", "--origin").ok().out();
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      String shown = k.path().equals("tls.sni") ? "[[tls.sni]]" : k.name() + " = ";
      assertThat("\n" + dump).as(k.path()).contains("\n" + shown);
    }
    assertThat(dump).doesNotContain("# default").doesNotContain("# environment");
    Path again = tmp.resolve("again.toml");
    Files.writeString(again, dump);
    assertThat(ConfigLoader.read(again, true).load().config()).isEqualTo(ConfigLoader.read(conf(s), true).load().config());

    long[] off = serveAndLogIn(s, pop3, true);
    // the same file with the cache on, for comparison
    int port2 = ServeIT.freePort();
    Files.writeString(conf(s), everyKey(s, tmp, port2, ServeIT.freePort(), ServeIT.freePort(), true));
    long[] on = serveAndLogIn(s, port2, false);
    // Without the cache each login checks its bcrypt hash (cost 11) as the first did; with it the
    // later ones are answered from the cache. Ratios, not times: the machine's speed varies.
    assertThat(off[1] + off[2]).as("no cache: %s; cache: %s", java.util.Arrays.toString(off), java.util.Arrays.toString(on))
        .isGreaterThan(4 * (on[1] + on[2]));
  }

  /**
   * Starts serve on the sandbox's file, logs joe in three times (returning how long each PASS
   * took, in microseconds) and, if asked, checks the limits and delays of the every-key file.
   */
  long[] serveAndLogIn(Sandbox s, int port, boolean limits) throws Exception {
    Path err = Files.createTempFile(tmp, "serve", ".err");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve")
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(s.env);
    for (String v : List.of("MAILHOME", "QMAIL_HOME", "POP_USER")) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    try {
      ReloadIT.awaitLog(err, "listening pop3:127.0.0.1:" + port, 0);
      long[] took = new long[3];
      for (int i = 0; i < 3; i++) {
        try (ReloadIT.Pop3 c = new ReloadIT.Pop3(port)) {
          assertThat(c.send("USER joeuser%acme.com")).startsWith("+OK");
          long t0 = System.nanoTime();
          assertThat(c.send("PASS joepass")).startsWith("+OK");
          took[i] = (System.nanoTime() - t0) / 1000;
          assertThat(c.send("QUIT")).startsWith("+OK");
        }
      }
      if (limits) {
        // The three sessions above give their slots back when their threads end, just after QUIT's
        // reply: until then a new connection may still be over max_connections_per_ip.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        ReloadIT.Pop3 first = new ReloadIT.Pop3(port);
        ReloadIT.Pop3 second = new ReloadIT.Pop3(port);
        while (!(first.greeting.startsWith("+OK") && second.greeting.startsWith("+OK")) && System.nanoTime() < deadline) {
          first.close();
          second.close();
          Thread.sleep(100);
          first = new ReloadIT.Pop3(port);
          second = new ReloadIT.Pop3(port);
        }
        try (ReloadIT.Pop3 a = first; ReloadIT.Pop3 b = second) {
          assertThat(a.greeting).startsWith("+OK");
          assertThat(b.greeting).startsWith("+OK");
          try (ReloadIT.Pop3 c = new ReloadIT.Pop3(port)) {
            assertThat(c.greeting).as("max_connections_per_ip = 2").startsWith("-ERR [SYS/TEMP]");
          }
          // a failed login waits login_failure_delay_ms
          assertThat(a.send("USER joeuser%acme.com")).startsWith("+OK");
          long t0 = System.nanoTime();
          assertThat(a.send("PASS wrong")).startsWith("-ERR");
          assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(650);
          // max_bad_commands = 4 in a row (the failed login was one)
          assertThat(b.send("XYZZY")).startsWith("-ERR");
          assertThat(b.send("XYZZY")).startsWith("-ERR");
          assertThat(b.send("XYZZY")).startsWith("-ERR");
          String last = b.send("XYZZY");
          assertThat(last).startsWith("-ERR");
          assertThat(b.in.readLine()).as("closed after 4 bad commands").isNull();
        }
      }
      p.destroy();
      assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(err)).doesNotContain("\tat ", "Exception");
      return took;
    } finally {
      p.destroyForcibly();
    }
  }
}
