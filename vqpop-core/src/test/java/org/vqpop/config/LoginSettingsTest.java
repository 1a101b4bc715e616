package org.vqpop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSettingsTest {
  @TempDir Path dir;

  LoginSettings read(String toml) throws Exception {
    Path f = dir.resolve("vqpop.toml");
    Files.writeString(f, toml);
    return ConfigLoader.read(f, true).load().config().login();
  }

  @Test
  void theDefaultsAreTheSeeds() throws Exception {
    assertThat(read("")).isEqualTo(LoginSettings.DEFAULTS);
    assertThat(read("mailhome = \"/var/mailhome\"\n")).isEqualTo(LoginSettings.DEFAULTS);
    assertThat(LoginSettings.DEFAULTS.atSign()).isEqualTo('@');
    assertThat(LoginSettings.DEFAULTS.systemAccounts()).isFalse();
    assertThat(LoginSettings.DEFAULTS.rpopTrustedHosts()).isEmpty();
  }

  @Test
  void everyKeyOfTheLoginTableIsRead() throws Exception {
    LoginSettings s = read("""
        [login]
        use_domain = true
        use_prefix = true
        at_sign = "%"
        system_accounts = true
        passwd_file = "/srv/etc/passwd"
        shadow_file = "/srv/etc/shadow"
        rpop_trusted_hosts = ["192.0.2.7", "2001:DB8::7"]
        """);
    assertThat(s).isEqualTo(new LoginSettings(true, true, '%', true, Path.of("/srv/etc/passwd"),
        Path.of("/srv/etc/shadow"), Set.of("192.0.2.7", "2001:db8:0:0:0:0:0:7")));
  }

  @Test
  void badValuesAreRefusedWithTheKey() {
    assertThatThrownBy(() -> read("[login]\nat_sign = \"%%\"\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("login.at_sign");
    assertThatThrownBy(() -> read("[login]\nat_sign = \"-\"\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("at_sign '-'");
    assertThatThrownBy(() -> read("[login]\nuse_domain = \"yes\"\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("login.use_domain");
    assertThatThrownBy(() -> read("[login]\nrpop_trusted_hosts = \"192.0.2.7\"\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("list of strings");
    assertThatThrownBy(() -> read("[login]\nrpop_trusted_hosts = [\"trusted.example\"]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> read("[login]\nrpop_trusted_hosts = [\"192.0.2.256\"]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> read("[login]\nuse_domian = true\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'login.use_domian'");
  }
}
