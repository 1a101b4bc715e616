package org.vqpop.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void namesAreLowerCasedOnce() {
    assertThat(UserName.of("JoeUser").name()).isEqualTo("joeuser");
    assertThat(Domain.of("ACME.Com").name()).isEqualTo("acme.com");
    assertThat(UserName.of("jos").hashDirectory()).isEqualTo("j");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".joe", "-joe", "jo/e", "jo..e", "..", "joe user", "joe@acme.com", "jo:e", "jo\u00e9",
      "x12345678901234567890123456789012345678901234567890123456789012345"})
  void badUserNamesAreRefused(String name) {
    assertThatThrownBy(() -> UserName.of(name)).isInstanceOf(InvalidNameException.class).hasMessageContaining("user name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"joe", "joe.user", "joe_user", "joe-user", "0day"})
  void goodUserNamesAreTaken(String name) {
    assertThat(UserName.of(name).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "acme..com", ".acme.com", "acme.com.", "-acme.com", "acme-.com", "ac_me.com", "acme/com", "../x"})
  void badDomainsAreRefused(String name) {
    assertThatThrownBy(() -> Domain.of(name)).isInstanceOf(InvalidNameException.class);
  }

  @Test
  void hostsMayBeAddresses() {
    assertThat(HostName.of("127.0.0.2").isAddress()).isTrue();
    assertThat(HostName.of("[::1]").isAddress()).isTrue();
    assertThat(HostName.of("Mail.Acme.COM").name()).isEqualTo("mail.acme.com");
    assertThatThrownBy(() -> HostName.of("::1")).hasMessageContaining("in brackets");
    assertThatThrownBy(() -> HostName.of("300.1.1.1")).hasMessageContaining("IPv4");
  }
}
