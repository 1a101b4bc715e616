package org.vqpop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [delivery]} table: sizes with units, the quota policy, errors that name the key. */
class DeliveryConfigTest {
  @TempDir Path dir;

  VqpopConfig file(String toml) throws Exception {
    Path f = dir.resolve("vqpop.toml");
    Files.writeString(f, toml);
    return ConfigLoader.read(f, true).load().config();
  }

  @Test
  void absentTableGivesTheDefaults() throws Exception {
    assertThat(file("").delivery()).isEqualTo(DeliveryConfig.DEFAULTS);
    assertThat(DeliveryConfig.DEFAULTS.maxMessageSize()).isEqualTo(52_428_800L);
    assertThat(DeliveryConfig.DEFAULTS.detailSeparators()).isEqualTo("+-");
    assertThat(DeliveryConfig.DEFAULTS.quotaFullTemporary()).isFalse();
  }

  @Test
  void everyKeyIsRead() throws Exception {
    DeliveryConfig d = file("""
        [delivery]
        max_message_size = "10M"
        detail_separators = "+"
        quota_full = "temporary"
        hostname = "mx1.example.org"
        """).delivery();
    assertThat(d).isEqualTo(new DeliveryConfig(10L * 1024 * 1024, "+", true, "mx1.example.org"));
    assertThat(file("[delivery]\nmax_message_size = 12345\n").delivery().maxMessageSize()).isEqualTo(12345);
    DeliveryConfig spool = file("[delivery]\nspool_threshold = \"256k\"\nspool_dir = \"/var/spool/vqpop\"\n").delivery();
    assertThat(spool.spoolThreshold()).isEqualTo(256L << 10);
    assertThat(spool.spoolDir()).isEqualTo(java.nio.file.Path.of("/var/spool/vqpop"));
    assertThat(DeliveryConfig.DEFAULTS.spoolThreshold()).isEqualTo(1L << 20);
    assertThat(DeliveryConfig.DEFAULTS.spoolDir()).isNull();
    assertThatThrownBy(() -> file("[delivery]\nspool_threshold = \"none\"\n").delivery())
        .hasMessageContaining("delivery.spool_threshold");
  }

  @Test
  void sizesTakeUnits() {
    assertThat(DeliveryConfig.parseSize("50M")).isEqualTo(50L << 20);
    assertThat(DeliveryConfig.parseSize("512k")).isEqualTo(512L << 10);
    assertThat(DeliveryConfig.parseSize("1GB")).isEqualTo(1L << 30);
    assertThat(DeliveryConfig.parseSize("100")).isEqualTo(100);
    assertThatThrownBy(() -> DeliveryConfig.parseSize("M")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> DeliveryConfig.parseSize("-1")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> DeliveryConfig.parseSize("0")).hasMessageContaining("positive");
  }

  @Test
  void errorsNameTheKey() {
    assertThatThrownBy(() -> file("[delivery]\nmax_message_size = \"lots\"\n").delivery())
        .hasMessageContaining("delivery.max_message_size");
    assertThatThrownBy(() -> file("[delivery]\nquota_full = \"bounce\"\n").delivery())
        .hasMessageContaining("delivery.quota_full");
    assertThatThrownBy(() -> file("[delivery]\ndetail_separators = \"@\"\n").delivery())
        .hasMessageContaining("detail separators");
    assertThatThrownBy(() -> file("[delivery]\nmax_size = 1\n")).hasMessageContaining("delivery.max_size");
    assertThatThrownBy(() -> file("[lmtp]\nlisten = 1\n")).hasMessageContaining("'lmtp.listen' must be a list of strings");
  }
}
