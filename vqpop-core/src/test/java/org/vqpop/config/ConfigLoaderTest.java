package org.vqpop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The file bound into the records, layered with environment and options; errors that say where. */
class ConfigLoaderTest {
  @TempDir Path dir;

  Path write(String toml) throws Exception {
    Path f = dir.resolve("vqpop.toml");
    Files.writeString(f, toml);
    return f;
  }

  VqpopConfig read(String toml) throws Exception {
    return ConfigLoader.read(write(toml), true).load().config();
  }

  @Test
  void anEmptyOrMissingFileGivesTheDefaults() throws Exception {
    assertThat(read("")).isEqualTo(VqpopConfig.DEFAULTS);
    assertThat(ConfigLoader.read(dir.resolve("none.toml"), false).load().config()).isEqualTo(VqpopConfig.DEFAULTS);
    assertThatThrownBy(() -> ConfigLoader.read(dir.resolve("none.toml"), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none.toml: no such file");
  }

  @Test
  void readsEveryServerKey() throws Exception {
    VqpopConfig c = read("""
        mailhome = "/srv/mail"
        [pop3]
        listen = ["127.0.0.1:110", "[::1]:110"]
        [pop3s]
        listen = ["*:995"]
        [tls]
        cert = "/etc/ssl/a.pem"
        key = "/etc/ssl/a.key"
        reload_seconds = 30
        handshake_timeout_seconds = 20
        [[tls.sni]]
        names = ["mail.acme.com", "*.isp.net"]
        cert = "/etc/ssl/b.pem"
        key = "/etc/ssl/b.key"
        [login]
        allow_plaintext = true
        [limits]
        idle_timeout_seconds = 900
        max_connections = 500
        max_connections_per_ip = 5
        max_bad_commands = 4
        login_failure_delay_ms = 2000
        login_timeout_seconds = 45
        ipv6_prefix = 56
        """);
    assertThat(c.mailhome()).isEqualTo(Path.of("/srv/mail"));
    assertThat(c.pop3().listen()).containsExactly(new ListenAddress("127.0.0.1", 110), new ListenAddress("::1", 110));
    assertThat(c.pop3s().listen()).containsExactly(new ListenAddress("0.0.0.0", 995));
    assertThat(c.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.tls().handshakeTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.tls().sni()).singleElement().satisfies(s -> assertThat(s.names()).containsExactly("mail.acme.com", "*.isp.net"));
    assertThat(c.login().allowPlaintext()).isTrue();
    assertThat(c.limits()).isEqualTo(new Limits(Duration.ofSeconds(900), 500, 5, 4, Duration.ofSeconds(2),
        Duration.ofSeconds(45), 56));
    assertThat(c.serveProblems()).isEmpty();
  }

  @Test
  void theLoginCacheKeysAreRead() throws Exception {
    LoginSettings l = read("[login]\ncache_seconds = 0\ncache_size = 10\n").login();
    assertThat(l.cacheTtl()).isZero();
    assertThat(l.cacheSize()).isEqualTo(10);
  }

  @Test
  void defaultsFollowTheRfcs() throws Exception {
    VqpopConfig c = read("[pop3]\nlisten = [\"127.0.0.1:110\"]\n");
    assertThat(c.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(10)); // RFC 1939 §3
    assertThat(c.limits().loginTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.tls().handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.limits().ipv6Prefix()).isEqualTo(64);
    assertThat(c.limits().maxBadCommands()).isEqualTo(20); // in a row, as Dovecot
    assertThat(c.login().allowPlaintext()).isFalse(); // RFC 2595 §2.2
    assertThat(c.tls().enabled()).isFalse();
  }

  @Test
  void readsTlsProtocolsAndCiphersAndRefusesWhatCannotWork() throws Exception {
    String tls = "[pop3s]\nlisten = [\"127.0.0.1:995\"]\n[tls]\ncert = \"/c.pem\"\nkey = \"/k.pem\"\n";
    assertThat(read(tls).tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    VqpopConfig c = read(tls + "protocols = [\"TLSv1.2\"]\nciphers = [\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]\n");
    assertThat(c.tls().protocols()).containsExactly("TLSv1.2");
    assertThat(c.tls().ciphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThatThrownBy(() -> read(tls + "protocols = [\"TLSv1.1\"]\n")).hasMessageContaining("tls.protocols")
        .hasMessageContaining("TLSv1.1");
    assertThatThrownBy(() -> read(tls + "ciphers = [\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]\n"))
        .hasMessageContaining("tls.ciphers").hasMessageContaining("TLS 1.3");
  }

  @Test
  void readsTheLmtpTable() throws Exception {
    LmtpConfig set = read("[lmtp]\nsocket = \"/s\"\ndata_timeout_seconds = 60\ndata_min_rate = 0\nreceived_header = false\n")
        .lmtp();
    assertThat(set.dataTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(set.dataMinRate()).isZero();
    assertThat(set.receivedHeader()).isFalse();
    assertThat(read("[lmtp]\nlisten = [\"[::1]:24\", \"2424\"]\nsocket_mode = \"600\"\n").lmtp().listen())
        .containsExactly(new ListenAddress("::1", 24), new ListenAddress("127.0.0.1", 2424));
    assertThat(LmtpConfig.octal(LmtpConfig.mode("0640"))).isEqualTo("0640");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      [pop3]\\nlisten = "127.0.0.1:110"                       | 'pop3.listen' must be a list
      [pop3]\\nlisten = ["127.0.0.1"]                         | line 2: key 'pop3.listen[0]'
      [pop3]\\nlisten = ["::1:110"]                           | brackets
      [pop3]\\nlisten = [1]                                   | 'pop3.listen[0]' must be a string
      [limits]\\nmax_connections = 0                         | line 2: key 'limits.max_connections': must be a positive
      [limits]\\nmax_connections = "5"                       | 'limits.max_connections' must be a whole number
      [limits]\\nidle_timeout = 5                            | unknown key 'limits.idle_timeout' (line 2)
      [limits]\\nipv6_prefix = 129                           | 'limits.ipv6_prefix': must be between 1 and 128
      [limits]\\nlogin_timeout_seconds = 0                   | 'limits.login_timeout_seconds'
      [tls]\\nhandshake_timeout_seconds = -1                 | 'tls.handshake_timeout_seconds'
      [login]\\nallow_plaintext = "yes"                      | 'login.allow_plaintext' must be true or false
      [login]\\ncache_size = 0                               | 'login.cache_size': must be positive
      [[tls.sni]]\\nnames = ["a"]\\ncert = "c"\\nkey = "k"\\nextra = 1 | 'tls.sni[0].extra'
      [tls]\\ncert = "/c"\\nkey = "/k"\\n[[tls.sni]]\\nnames = ["a"] | 'tls.sni[0]': needs names, cert and key
      [lmtp]\\nsocket = "/s"\\nsocket_mode = "rw"            | 'lmtp.socket_mode'
      [lmtp]\\nlisten = ["x"]                                | 'lmtp.listen[0]'
      [lmtp]\\nmax_recipients = 0                            | 'lmtp.max_recipients'
      [lmtp]\\ndata_min_rate = -1                            | 'lmtp.data_min_rate'
      [passwords]\\nscheme = "rot13"                         | 'passwords.scheme'
      pop3 = 1                                              | 'pop3' must be a table
      [pop3]\\nlisten = [                                      | line
      """)
  void aMalformedFileIsRefusedNamingTheKeyOrLine(String toml, String expected) {
    assertThatThrownBy(() -> read(toml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("vqpop.toml").toString())
        .hasMessageContaining(expected);
  }

  @Test
  void everyProblemIsNamedNotJustTheFirst() throws Exception {
    ConfigLoader l = ConfigLoader.read(write("""
        mailhome = 1
        [limits]
        max_conections = 5
        max_connections = 0
        [login]
        use_domian = true
        at_sign = "%%"
        [pop3]
        listen = ["nowhere"]
        """), true);
    List<String> problems = l.problems();
    assertThat(String.join("\n", problems)).contains("unknown keys 'limits.max_conections' (line 3), 'login.use_domian' (line 6)",
        "'limits.max_connections': must be a positive", "'pop3.listen[0]'", "key 'mailhome' must be a string",
        "line 7: key 'login.at_sign': must be a single character");
    assertThat(problems).hasSize(5);
  }

  @Test
  void environmentAndOptionsOverrideTheFileAndSayWhereAValueCameFrom() throws Exception {
    Path f = write("mailhome = \"/from/file\"\n[limits]\nmax_connections = 7\nmax_bad_commands = 3\n");
    Configuration c = ConfigLoader.read(f, true)
        .set("mailhome", Path.of("/from/env"), ConfigLoader.Origin.ENVIRONMENT, "MAILHOME")
        .set("limits.max_connections", 9, ConfigLoader.Origin.OPTION, "--max-connections")
        .set("limits.idle_timeout_seconds", null, ConfigLoader.Origin.OPTION, "--idle-timeout")
        .set("pop3.listen", List.of("127.0.0.1:1110"), ConfigLoader.Origin.OPTION, "--pop3")
        .addTable("tls.sni", Map.of("names", List.of("a.test"), "cert", "/a.pem", "key", "/a.key"),
            ConfigLoader.Origin.OPTION, "--tls-sni")
        .set("tls.cert", "/c.pem", ConfigLoader.Origin.OPTION, "--tls-cert")
        .set("tls.key", "/k.pem", ConfigLoader.Origin.OPTION, "--tls-key")
        .load();
    assertThat(c.config().mailhome()).isEqualTo(Path.of("/from/env"));
    assertThat(c.config().limits().maxConnections()).isEqualTo(9);
    assertThat(c.config().limits().maxBadCommands()).isEqualTo(3);
    assertThat(c.config().tls().sni()).hasSize(1);
    assertThat(c.source("mailhome")).isEqualTo(new ConfigLoader.Source(ConfigLoader.Origin.ENVIRONMENT, "MAILHOME"));
    assertThat(c.source("limits.max_connections").origin()).isEqualTo(ConfigLoader.Origin.OPTION);
    assertThat(c.source("limits.max_bad_commands")).isEqualTo(new ConfigLoader.Source(ConfigLoader.Origin.FILE, f.toString()));
    assertThat(c.source("limits.idle_timeout_seconds")).isEqualTo(ConfigLoader.Source.DEFAULT);
    assertThat(c.source("tls.sni.cert").name()).isEqualTo("--tls-sni");
    assertThatThrownBy(() -> ConfigLoader.read(f, true)
        .set("pop3.listen", List.of("110"), ConfigLoader.Origin.OPTION, "--pop3").load())
        .hasMessage("option --pop3: key 'pop3.listen[0]': '110' is not ADDRESS:PORT");
  }

  @Test
  void theBinderKnowsEveryKeyOnce() {
    List<String> keys = ConfigLoader.knownKeys();
    assertThat(keys).doesNotHaveDuplicates().contains("mailhome", "qmail", "pop_user", "pop_home",
        "login.cache_seconds", "login.cache_size", "login.allow_plaintext", "tls.sni.names", "limits.ipv6_prefix");
  }
}
