package org.vqpop.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vqpop config dump}'s text: what differs from the defaults, every key on request, read back the same. */
class TomlTextTest {
  @TempDir Path dir;

  /** Every key of the file at a value that is not its default. */
  static final String EVERY_KEY = """
      mailhome = "/srv/mail"
      qmail = "/opt/qmail"
      pop_user = "popuser"
      pop_home = "/home/popuser"
      [pop3]
      listen = ["127.0.0.1:1110"]
      [pop3s]
      listen = ["127.0.0.1:1995"]
      [lmtp]
      listen = ["127.0.0.1:2424"]
      socket = "/run/vqpop/lmtp"
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
      spool_dir = "/var/spool/vqpop"
      [tls]
      cert = "/etc/ssl/a.pem"
      key = "/etc/ssl/a.key"
      reload_seconds = 5
      handshake_timeout_seconds = 7
      protocols = ["TLSv1.3"]
      ciphers = ["TLS_AES_256_GCM_SHA384"]
      [[tls.sni]]
      names = ["mail.acme.com"]
      cert = "/etc/ssl/b.pem"
      key = "/etc/ssl/b.key"
      [login]
      allow_plaintext = true
      use_domain = true
      use_prefix = true
      at_sign = "%"
      system_accounts = true
      passwd_file = "/srv/etc/passwd"
      shadow_file = "/srv/etc/shadow"
      rpop_trusted_hosts = ["192.0.2.7"]
      cache_seconds = 0
      cache_size = 10
      max_concurrent_checks = 99
      queue_timeout_seconds = 3
      account_failures = 2
      account_failure_delay_ms = 300
      [limits]
      idle_timeout_seconds = 900
      login_timeout_seconds = 45
      max_connections = 3
      max_connections_per_ip = 2
      ipv6_prefix = 56
      max_bad_commands = 4
      login_failure_delay_ms = 0
      [passwords]
      scheme = "sha512-crypt"
      """;

  Configuration load(String toml) throws Exception {
    Path f = dir.resolve("vqpop.toml");
    Files.writeString(f, toml);
    return ConfigLoader.read(f, true).load();
  }

  @Test
  void theDumpKnowsEveryKeyTheBinderKnows() {
    List<String> binder = ConfigLoader.knownKeys().stream().map(k -> k.startsWith("tls.sni.") ? "tls.sni" : k)
        .distinct().sorted().toList();
    assertThat(ConfigKeys.ALL.stream().map(ConfigKeys.Key::path).sorted().toList()).isEqualTo(binder);
  }

  @Test
  void theDefaultsDumpAsNothingAndEveryKeyOnRequest() throws Exception {
    Configuration defaults = load("");
    assertThat(TomlText.write(defaults, false, false)).isEmpty();
    String all = TomlText.write(defaults, true, false);
    assertThat(all).contains("[limits]\nidle_timeout_seconds = 600\n", "mailhome = \"/var/mailhome\"",
        "[login]\n", "cache_seconds = 3600\n");
    assertThat(load(all).config()).isEqualTo(VqpopConfig.DEFAULTS);
  }

  @Test
  void aFileSettingEveryKeyDumpsEachAndReadsBackTheSame() throws Exception {
    Configuration c = load(EVERY_KEY);
    String dump = TomlText.write(c, false, false);
    for (ConfigKeys.Key k : ConfigKeys.ALL) {
      String shown = k.path().equals("tls.sni") ? "[[tls.sni]]" : k.name() + " = ";
      assertThat(dump).as(k.path()).contains(shown);
      assertThat(k.value().apply(c.config())).as(k.path()).isNotEqualTo(k.value().apply(VqpopConfig.DEFAULTS));
    }
    assertThat(load(dump).config()).isEqualTo(c.config());
    assertThat(dump).contains("max_message_size = 10485760\n", "at_sign = \"%\"\n", "socket_mode = \"0600\"\n");
  }

  @Test
  void originsSayWhereEachValueCameFrom() throws Exception {
    Path f = dir.resolve("o.toml");
    Files.writeString(f, "[limits]\nmax_connections = 5\n");
    Configuration c = ConfigLoader.read(f, true).set("mailhome", "/m", ConfigLoader.Origin.ENVIRONMENT, "MAILHOME")
        .set("limits.max_bad_commands", 3, ConfigLoader.Origin.OPTION, "--max-bad-commands").load();
    String dump = TomlText.write(c, true, true);
    assertThat(dump).contains("mailhome = \"/m\"    # environment MAILHOME\n",
        "max_connections = 5    # file " + f + "\n", "max_bad_commands = 3    # option --max-bad-commands\n",
        "idle_timeout_seconds = 600    # default\n");
  }

  @Test
  void stringsAreEscaped() {
    assertThat(TomlText.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }
}
