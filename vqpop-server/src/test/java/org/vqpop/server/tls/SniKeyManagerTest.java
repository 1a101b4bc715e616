package org.vqpop.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SniKeyManagerTest {
  @TempDir Path dir;

  CertifiedKey key(String cn) throws Exception {
    Path c = dir.resolve(cn + ".crt");
    Path k = dir.resolve(cn + ".key");
    SelfSignedCertificate.write(List.of(cn), Duration.ofDays(1), c, k);
    return CertifiedKey.load(c, k);
  }

  @Test
  void namesChooseExactThenWildcardThenTheDefault() throws Exception {
    CertifiedKey def = key("default.test");
    CertifiedKey one = key("one.test");
    CertifiedKey wild = key("wild.test");
    SniKeyManager.Table t = SniKeyManager.Table.of(7, def,
        List.of(Map.entry(List.of("one.test", "a.two.test"), one), Map.entry(List.of("*.two.test"), wild)));
    SniKeyManager km = new SniKeyManager(t);
    assertThat(km.getPrivateKey(t.aliasFor("one.test"))).isEqualTo(one.key());
    assertThat(km.getPrivateKey(t.aliasFor("a.two.test"))).isEqualTo(one.key()); // exact beats wildcard
    assertThat(km.getPrivateKey(t.aliasFor("b.two.test"))).isEqualTo(wild.key());
    assertThat(km.getPrivateKey(t.aliasFor("x.b.two.test"))).isEqualTo(def.key()); // one label only
    assertThat(km.getPrivateKey(t.aliasFor("two.test"))).isEqualTo(def.key());
    assertThat(km.getPrivateKey(t.aliasFor(null))).isEqualTo(def.key());
  }

  @Test
  void aliasesOfThePreviousGenerationStillResolveAfterAReload() throws Exception {
    CertifiedKey first = key("first.test");
    CertifiedKey second = key("second.test");
    SniKeyManager km = new SniKeyManager(SniKeyManager.Table.of(1, first, List.of()));
    String chosen = km.chooseServerAlias("EC", null, null); // a handshake picks an alias ...
    km.install(SniKeyManager.Table.of(2, second, List.of())); // ... a reload happens ...
    assertThat(km.getPrivateKey(chosen)).isEqualTo(first.key()); // ... and it still gets its key
    assertThat(km.getPrivateKey(km.chooseServerAlias("EC", null, null))).isEqualTo(second.key());
  }

  @Test
  void aKeyOfAnotherTypeIsNotOffered() throws Exception {
    SniKeyManager km = new SniKeyManager(SniKeyManager.Table.of(1, key("ec.test"), List.of()));
    assertThat(km.chooseServerAlias("RSA", null, null)).isNull();
    assertThat(km.chooseServerAlias("EC", null, null)).isNotNull();
    assertThat(km.getServerAliases("RSA", null)).isNull();
  }
}
