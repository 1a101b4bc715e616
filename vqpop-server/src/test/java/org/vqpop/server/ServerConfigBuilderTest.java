package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vqpop.config.ConfigException;
import org.vqpop.config.ConfigFile;

class ServerConfigBuilderTest {
  @TempDir Path dir;

  ServerConfig read(String toml) throws Exception {
    Path f = dir.resolve("vqpop.toml");
    Files.writeString(f, toml);
    ConfigFile cf = ConfigFile.read(f, true);
    cf.checkKeys(ConfigFile.KNOWN_KEYS);
    return new ServerConfigBuilder().read(cf).build();
  }

  /** The shipped example's LMTP and delivery tables, uncommented, are read as documented. */
  @Test
  void readsTheExampleLmtpAndDeliveryTables() throws Exception {
    String example = Files.readString(Path.of("../vqpop-dist/src/dist/conf/vqpop.toml"));
    String lmtp = example.substring(example.indexOf("#[lmtp]"), example.indexOf("\n[tls]\n"))
        .lines().filter(l -> l.startsWith("#") && !l.startsWith("# ")).map(l -> l.substring(1))
        .reduce("", (a, b) -> a + b + "\n");
    ServerConfig c = read(lmtp);
    assertThat(c.lmtp().listen()).containsExactly(new ListenAddress("127.0.0.1", 24));
    assertThat(c.lmtp().socket()).isEqualTo(Path.of("/run/vqpop/lmtp"));
    assertThat(c.lmtp().socketMode()).isEqualTo(LmtpConfig.DEFAULT_SOCKET_MODE);
    assertThat(c.lmtp().maxRecipients()).isEqualTo(1000);
    assertThat(c.pop3()).isEmpty();
    assertThat(c.delivery()).isEqualTo(new org.vqpop.config.DeliveryConfig(50L << 20, "+-", false, "mail.example.org",
        1L << 20, Path.of("/var/mailhome/.vqpop-spool")));
    assertThat(c.lmtp().data()).isEqualTo(org.vqpop.lmtp.DataPace.Limits.DEFAULTS);
    assertThat(c.lmtp().receivedHeader()).isTrue();
    LmtpConfig set = read("[lmtp]\nsocket = \"/s\"\ndata_timeout_seconds = 60\ndata_min_rate = 0\nreceived_header = false\n")
        .lmtp();
    assertThat(set.data()).isEqualTo(new org.vqpop.lmtp.DataPace.Limits(Duration.ofSeconds(60), 0, Duration.ofSeconds(30)));
    assertThat(set.receivedHeader()).isFalse();
    assertThatThrownBy(() -> read("[lmtp]\nsocket = \"/s\"\ndata_timeout_seconds = 0\n"))
        .hasMessageContaining("lmtp.data_timeout_seconds");
    assertThatThrownBy(() -> read("[lmtp]\nsocket = \"/s\"\ndata_min_rate = -1\n"))
        .hasMessageContaining("lmtp.data_min_rate");
    assertThatThrownBy(() -> read("[lmtp]\nsocket = \"/s\"\nreceived_header = \"yes\"\n"))
        .hasMessageContaining("lmtp.received_header");
    assertThat(read("[lmtp]\nlisten = [\"[::1]:24\", \"2424\"]\nsocket_mode = \"600\"\n").lmtp().listen())
        .containsExactly(new ListenAddress("::1", 24), new ListenAddress("127.0.0.1", 2424));
    assertThatThrownBy(() -> read("[lmtp]\nlisten = [\"x\"]\n")).hasMessageContaining("lmtp.listen[0]");
    assertThatThrownBy(() -> read("[lmtp]\nsocket = \"/s\"\nsocket_mode = \"rw\"\n"))
        .hasMessageContaining("lmtp.socket_mode");
    assertThatThrownBy(() -> read("[lmtp]\nsocket = \"/s\"\nmax_recipients = 0\n"))
        .hasMessageContaining("lmtp.max_recipients");
  }

  @Test
  void readsTlsProtocolsAndCiphersAndRefusesWhatCannotWork() throws Exception {
    String tls = "[pop3s]\nlisten = [\"127.0.0.1:995\"]\n[tls]\ncert = \"/c.pem\"\nkey = \"/k.pem\"\n";
    assertThat(read(tls).tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(read(tls).tls().ciphers()).allMatch(c -> c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_")
        || (c.startsWith("TLS_ECDHE_") && (c.contains("_GCM_") || c.contains("CHACHA20_POLY1305"))));
    ServerConfig c = read(tls + "protocols = [\"TLSv1.2\"]\nciphers = [\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]\n");
    assertThat(c.tls().protocols()).containsExactly("TLSv1.2");
    assertThat(c.tls().ciphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThatThrownBy(() -> read(tls + "protocols = [\"TLSv1.1\"]\n")).hasMessageContaining("tls.protocols")
        .hasMessageContaining("TLSv1.1");
    assertThatThrownBy(() -> read(tls + "ciphers = [\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]\n"))
        .hasMessageContaining("tls.ciphers").hasMessageContaining("TLS 1.3");
  }

  @Test
  void readsEveryServerKey() throws Exception {
    ServerConfig c = read("""
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
    assertThat(c.pop3()).containsExactly(new ListenAddress("127.0.0.1", 110), new ListenAddress("::1", 110));
    assertThat(c.pop3s()).containsExactly(new ListenAddress("0.0.0.0", 995));
    assertThat(c.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.tls().sni()).singleElement().satisfies(s -> assertThat(s.names()).containsExactly("mail.acme.com", "*.isp.net"));
    assertThat(c.login().allowPlaintext()).isTrue();
    assertThat(c.limits()).isEqualTo(new Limits(Duration.ofSeconds(900), 500, 5, 4, Duration.ofSeconds(2),
        Duration.ofSeconds(45), Duration.ofSeconds(20), 56));
  }

  @Test
  void defaultsFollowTheRfcs() throws Exception {
    ServerConfig c = read("[pop3]\nlisten = [\"127.0.0.1:110\"]\n");
    assertThat(c.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(10)); // RFC 1939 §3
    assertThat(c.limits().loginTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.limits().handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.limits().ipv6Prefix()).isEqualTo(64);
    assertThat(c.limits().maxBadCommands()).isEqualTo(20); // in a row, as Dovecot
    assertThat(c.login().allowPlaintext()).isFalse(); // RFC 2595 §2.2
    assertThat(c.tls()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      [pop3]\\nlisten = "127.0.0.1:110"                       | 'pop3.listen' must be a list
      [pop3]\\nlisten = ["127.0.0.1"]                         | 'pop3.listen[0]'
      [pop3]\\nlisten = ["::1:110"]                           | brackets
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[limits]\\nmax_connections = 0 | 'limits.max_connections'
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[limits]\\nidle_timeout = 5 | unknown key 'limits.idle_timeout'
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[limits]\\nipv6_prefix = 129 | 'limits.ipv6_prefix': must be between 1 and 128
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[limits]\\nlogin_timeout_seconds = 0 | 'limits.login_timeout_seconds'
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[tls]\\nhandshake_timeout_seconds = -1 | 'tls.handshake_timeout_seconds'
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[login]\\nallow_plaintext = "yes" | 'login.allow_plaintext' must be true or false
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[[tls.sni]]\\nnames = ["a"]\\ncert = "c"\\nkey = "k"\\nextra = 1 | 'tls.sni[0].extra'
      [pop3]\\nlisten = ["127.0.0.1:110"]\\n[[tls.sni]]\\nnames = ["a"] | 'tls.sni[0]': needs names, cert and key
      [pop3]\\nlisten = [                                      | line
      """)
  void aMalformedFileIsRefusedNamingTheKeyOrLine(String toml, String expected) {
    assertThatThrownBy(() -> read(toml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("vqpop.toml").toString())
        .hasMessageContaining(expected);
  }

  @Test
  void inconsistentSettingsAreRefusedByBuild() {
    assertThatThrownBy(() -> read("mailhome = \"/x\"\n")).hasMessageContaining("no listener");
    assertThatThrownBy(() -> read("[pop3s]\nlisten = [\"127.0.0.1:995\"]\n")).hasMessageContaining("tls.cert");
    assertThatThrownBy(() -> read("[pop3]\nlisten = [\"127.0.0.1:110\"]\n[tls]\ncert = \"/c\"\n"))
        .hasMessageContaining("both a certificate and a key");
  }
}
