package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.VqpopConfig;

/** {@code vqpop serve} and {@code vqpop demo} as processes from the distribution. */
class ServeIT {
  @TempDir Path tmp;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void serveRunsFromTheConfigFileServesCurlAndStopsCleanlyOnSigterm() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    s.run("mkpopdb", "-a", "acme.com", "joeuser", "joepass").ok();
    s.run("mkpopuser", "-a", "acme.com", "joeuser").ok();
    Path maildir = s.mailhome.resolve("acme.com/j/joeuser/Maildir");
    Files.writeString(maildir.resolve("new/1700000000.M1P1.test"), "Subject: hi\n\nhello joe\n");
    int port = freePort();
    Path conf = Path.of(s.env.get("VQPOP_CONFIG"));
    Files.writeString(conf, Files.readString(conf) + "[pop3]\nlisten = [\"127.0.0.1:" + port + "\"]\n"
        + "[limits]\nlogin_failure_delay_ms = 0\n");
    Path err = tmp.resolve("serve.err");
    ProcessBuilder pb = new ProcessBuilder(Sandbox.DIST.resolve("bin/vqpop").toString(), "serve", "--use-prefix")
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(s.env);
    Process p = pb.start();
    try {
      for (int i = 0; i < 300 && !Files.readString(err).contains("listening"); i++) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(err)).contains("listening pop3:127.0.0.1:" + port);
      String mail = s.exec(null, tmp, List.of("curl", "-s", "pop3://acme-joeuser:joepass@127.0.0.1:" + port + "/1")).ok().out();
      assertThat(mail).isEqualTo("Subject: hi\r\n\r\nhello joe\r\n");
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's clean exit on a signal
      String log = Files.readString(err);
      assertThat(log).contains("session client=127.0.0.1:", "user=joeuser@acme.com", "end=QUIT");
      assertThat(log).doesNotContain("\tat ", "Exception");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aMalformedConfigFileIsRefusedNamingTheKey() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp);
    Path conf = Path.of(s.env.get("VQPOP_CONFIG"));
    Files.writeString(conf, "[pop3]\nlisten = [\"127.0.0.1:1\"]\n[limits]\nmax_conections = 5\n");
    assertThat(s.run("vqpop", "serve").fails(1).err()).contains("limits.max_conections", conf.toString());
    Files.writeString(conf, "[pop3]\nlisten = [\"127.0.0.1:1\"]\nthis is not toml\n");
    assertThat(s.run("vqpop", "serve").fails(1).err()).contains("line 3", "not valid TOML");
    Files.writeString(conf, "[pop3s]\nlisten = [\"127.0.0.1:1\"]\n");
    assertThat(s.run("vqpop", "serve").fails(1).err()).contains("tls.cert");
  }

  @Test
  void theExampleConfigurationIsValid() throws Exception {
    VqpopConfig c = ConfigLoader.read(Sandbox.DIST.resolve("conf/vqpop.toml"), true).load().config();
    assertThat(c.pop3().listen()).hasSize(2);
    assertThat(c.tls().enabled()).isTrue();
    assertThat(c.serveProblems()).isEmpty();
    assertThat(Files.readString(Sandbox.DIST.resolve("conf/vqpop.service"), StandardCharsets.UTF_8))
        .contains("ExecStart=/opt/vqpop/bin/vqpop serve --config /etc/vqpop/vqpop.toml",
            "ExecReload=/bin/kill -HUP $MAINPID");
  }

  @Test
  void demoWithoutServingWritesMessagesACertificateAndACurlCommand() throws Exception {
    Sandbox s = Sandbox.asCurrentUser(tmp.resolve("sandbox"));
    Path demo = tmp.resolve("demo");
    String out = s.run("vqpop", "demo", "--dir", demo.toString(), "--no-serve").ok().out();
    assertThat(out).contains("curl pop3://joeuser%40acme.com:joepass@127.0.0.1:1110/1", "joeuser@acme.com / joepass");
    assertThat(demo.resolve("tls/cert.pem")).exists();
    assertThat(demo.resolve("tls/key.pem")).exists();
    try (var files = Files.list(demo.resolve("mailhome/acme.com/j/joeuser/Maildir/new"))) {
      assertThat(files).hasSize(2);
    }
  }
}
