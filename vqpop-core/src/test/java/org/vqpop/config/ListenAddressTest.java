package org.vqpop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:110, 127.0.0.1, 110",
    "[::1]:995, ::1, 995",
    "*:110, 0.0.0.0, 110",
    "mail.example.org:0, mail.example.org, 0",
  })
  void parses(String text, String host, int port) {
    assertThat(ListenAddress.parse(text)).isEqualTo(new ListenAddress(host, port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", ":110", "127.0.0.1:", "::1:110", "127.0.0.1:x", "127.0.0.1:70000"})
  void refuses(String text) {
    assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:110", "[::1]:995"})
  void printsAsParsed(String text) {
    assertThat(ListenAddress.parse(text)).hasToString(text);
  }
}
