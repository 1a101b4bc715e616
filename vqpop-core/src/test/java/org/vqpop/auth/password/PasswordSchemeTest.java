package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordSchemeTest {

  @ParameterizedTest
  @EnumSource(PasswordScheme.class)
  void configNameRoundTrips(PasswordScheme scheme) {
    assertThat(PasswordScheme.fromConfigName(scheme.configName())).isEqualTo(scheme);
  }

  @Test
  void unknownConfigNameListsTheValidOnes() {
    assertThatThrownBy(() -> PasswordScheme.fromConfigName("SHA512"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argon2id, bcrypt, sha512-crypt, sha256-crypt, md5-crypt, "
            + "des-crypt, yescrypt");
  }

  @Test
  void canHashOnlyTheStrongSchemes() {
    assertThat(PasswordScheme.ARGON2ID.canHash()).isTrue();
    assertThat(PasswordScheme.BCRYPT.canHash()).isTrue();
    assertThat(PasswordScheme.SHA512_CRYPT.canHash()).isTrue();
    assertThat(PasswordScheme.SHA256_CRYPT.canHash()).isTrue();
    assertThat(PasswordScheme.MD5_CRYPT.canHash()).isFalse();
    assertThat(PasswordScheme.DES_CRYPT.canHash()).isFalse();
    assertThat(PasswordScheme.YESCRYPT.canHash()).isEqualTo(LibXCrypt.system().isPresent());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg ARGON2ID",
      "$argon2id$broken ARGON2ID",
      "$2b$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja BCRYPT",
      "$2a$05$Wk1lSX2CGFEbnDlVBoncoOoQwtTtavQ0AZpDAaHLJVauG6uwE9Eja BCRYPT",
      "$2y$05$3ERlTaoyg6tBRiA8jzNUv.d20mtaepEj6z4Dd2LsSHUxR18B/Ra3y BCRYPT",
      "$6$abc$x SHA512_CRYPT",
      "$6$rounds=10000$abc$x SHA512_CRYPT",
      "$5$abc$x SHA256_CRYPT",
      "$1$abcdefgh$1s0bv7.OjNizlrMAOIQD7. MD5_CRYPT",
      "abccBcrPOxnLU DES_CRYPT",
      "$y$j9T$63A2FLJSIdzAjIN0SUtAv1$Lp7iOazV1tHoFABbOFzdlybU5hMBPUMWSeK9yirHz56 YESCRYPT",
      "{SHA512-CRYPT}$6$abc$x SHA512_CRYPT",
      "{blf-crypt}$2y$05$3ERlTaoyg6tBRiA8jzNUv.d20mtaepEj6z4Dd2LsSHUxR18B/Ra3y BCRYPT",
      "{CRYPT}abccBcrPOxnLU DES_CRYPT",
  })
  void detectsByPrefixAndShape(String stored, PasswordScheme expected) {
    assertThat(PasswordScheme.detect(stored)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "*", "!", "!abccBcrPOxnLU", "x", "pass", "{PLAIN}pass", "{SSHA}abcd", "{CRYPT",
      "$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ$x", "$gy$j9T$abc$def", "$7$abc", "$", "$$",
      "abccBcrPOxnL", "abccBcrPOxnLU1",
  })
  void detectsNothingForOtherStrings(String stored) {
    assertThat(PasswordScheme.detect(stored)).isEmpty();
  }
}
