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
}
