package org.vqpop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cli.common.Context;
import org.vqpop.config.ConfigLoader;
import org.vqpop.config.Configuration;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.LmtpConfig;
import org.vqpop.config.LoginSettings;
import org.vqpop.config.VqpopConfig;
import org.vqpop.mailhome.AdminException;
import picocli.CommandLine;

/** Every option of {@code vqpop serve} lands in the server's settings, over the file's values. */
class ServeCommandTest {
  @TempDir Path dir;

  VqpopConfig parse(String... args) throws Exception {
    return configuration(args).config();
  }

  Configuration configuration(String... args) throws Exception {
    VqpopCommand root = new VqpopCommand(new Context("vqpop", Map.of(), new PrintStream(OutputStream.nullOutputStream())));
    CommandLine cl = new CommandLine(root);
    CommandLine.ParseResult r = cl.parseArgs(args);
    ServeCommand serve = (ServeCommand) r.subcommand().commandSpec().userObject();
    return serve.configuration();
  }

  @Test
  void optionsOverrideTheConfigFile() throws Exception {
    Path conf = dir.resolve("vqpop.toml");
    Files.writeString(conf, """
        mailhome = "/from/file"
        [pop3]
        listen = ["127.0.0.1:110"]
        [limits]
        max_connections = 7
        max_bad_commands = 3
        login_timeout_seconds = 45
        """);
    VqpopConfig c = parse("--config", conf.toString(), "serve", "--mailhome", "/srv/mail",
        "--pop3", "127.0.0.1:1110", "--pop3", "[::1]:1110", "--pop3s", "127.0.0.1:1995",
        "--tls-cert", "/c.pem", "--tls-key", "/k.pem", "--tls-sni", "mail.acme.com,*.isp.net:/a.pem:/a.key",
        "--tls-reload-seconds", "0", "--allow-plaintext", "--use-domain", "--use-prefix", "--at-sign", "%",
        "--idle-timeout", "700", "--max-connections-per-ip", "4", "--login-failure-delay-ms", "250",
        "--tls-handshake-timeout", "20", "--ipv6-prefix", "56");
    assertThat(c.mailhome()).isEqualTo(Path.of("/srv/mail"));
    assertThat(c.pop3().listen()).containsExactly(new ListenAddress("127.0.0.1", 1110), new ListenAddress("::1", 1110));
    assertThat(c.pop3s().listen()).containsExactly(new ListenAddress("127.0.0.1", 1995));
    assertThat(c.tls().cert()).isEqualTo(Path.of("/c.pem"));
    assertThat(c.tls().reloadInterval()).isZero();
    assertThat(c.tls().sni()).singleElement().satisfies(s -> {
      assertThat(s.names()).containsExactly("mail.acme.com", "*.isp.net");
      assertThat(s.key()).isEqualTo(Path.of("/a.key"));
    });
    assertThat(c.login()).isEqualTo(LoginSettings.DEFAULTS.withDomainSelection(true, true, '%').withAllowPlaintext(true));
    // 7, 3 and 45 from the file; the rest from options.
    assertThat(c.limits()).isEqualTo(new Limits(Duration.ofSeconds(700), 7, 4, 3, Duration.ofMillis(250),
        Duration.ofSeconds(45), 56));
    assertThat(c.tls().handshakeTimeout()).isEqualTo(Duration.ofSeconds(20));
    Configuration where = configuration("--config", conf.toString(), "serve", "--max-connections-per-ip", "4");
    assertThat(where.source("limits.max_connections"))
        .isEqualTo(new ConfigLoader.Source(ConfigLoader.Origin.FILE, conf.toString()));
    assertThat(where.source("limits.max_connections_per_ip"))
        .isEqualTo(new ConfigLoader.Source(ConfigLoader.Origin.OPTION, "--max-connections-per-ip"));
    assertThat(where.source("limits.idle_timeout_seconds")).isEqualTo(ConfigLoader.Source.DEFAULT);
  }

  @Test
  void lmtpAloneIsEnoughAndItsOptionsLand() throws Exception {
    Path conf = dir.resolve("lmtp.toml");
    Files.writeString(conf, """
        [lmtp]
        listen = ["24"]
        max_recipients = 50
        [delivery]
        max_message_size = "10M"
        quota_full = "temporary"
        """);
    VqpopConfig c = parse("--config", conf.toString(), "serve", "--mailhome", "/srv/mail");
    assertThat(c.pop3().listen()).isEmpty();
    assertThat(c.lmtp().listen()).containsExactly(new ListenAddress("127.0.0.1", 24));
    assertThat(c.lmtp().maxRecipients()).isEqualTo(50);
    assertThat(c.delivery()).isEqualTo(new DeliveryConfig(10L << 20, "+-", true, null));
    c = parse("--config", conf.toString(), "serve", "--lmtp", "[::1]:2424", "--lmtp", "2525",
        "--lmtp-socket", "/run/vqpop/lmtp", "--lmtp-socket-mode", "0600", "--lmtp-max-recipients", "7",
        "--max-message-size", "1M", "--detail-separators", "+", "--quota-full", "permanent",
        "--delivery-hostname", "mx.test");
    assertThat(c.lmtp()).isEqualTo(new LmtpConfig(
        List.of(new ListenAddress("::1", 2424), new ListenAddress("127.0.0.1", 2525)), Path.of("/run/vqpop/lmtp"),
        PosixFilePermissions.fromString("rw-------"), 7));
    assertThat(c.delivery()).isEqualTo(new DeliveryConfig(1L << 20, "+", false, "mx.test"));
    assertThatThrownBy(() -> parse("--config", conf.toString(), "serve", "--quota-full", "bounce"))
        .isInstanceOf(AdminException.class).hasMessageContaining("option --quota-full: key 'delivery.quota_full'");
    assertThatThrownBy(() -> parse("--config", conf.toString(), "serve", "--lmtp-socket-mode", "rw"))
        .isInstanceOf(AdminException.class).hasMessageContaining("octal");
  }

  @Test
  void badOptionsAreRefusedWithAMessage() {
    assertThatThrownBy(() -> parse("--config", "/nonexistent.toml", "serve", "--pop3", "x"))
        .isInstanceOf(AdminException.class).hasMessageContaining("nonexistent.toml");
    assertThatThrownBy(() -> parse("--config", dir.resolve("none.toml").toString(), "serve"))
        .isInstanceOf(AdminException.class);
  }

  @Test
  void badListenAddressesAndSniAreNamed() throws Exception {
    Path conf = dir.resolve("empty.toml");
    Files.writeString(conf, "");
    assertThatThrownBy(() -> parse("--config", conf.toString(), "serve", "--pop3", "110"))
        .isInstanceOf(AdminException.class).hasMessageContaining("'110' is not ADDRESS:PORT");
    assertThatThrownBy(() -> parse("--config", conf.toString(), "serve", "--pop3", "127.0.0.1:110", "--tls-sni", "a.test"))
        .isInstanceOf(AdminException.class).hasMessageContaining("NAMES:CERT:KEY");
    assertThatThrownBy(() -> parse("--config", conf.toString(), "serve", "--pop3", "127.0.0.1:110", "--at-sign", "ab"))
        .isInstanceOf(AdminException.class).hasMessageContaining("option --at-sign: key 'login.at_sign'");
  }
}
