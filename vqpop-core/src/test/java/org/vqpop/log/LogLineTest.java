package org.vqpop.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLineTest {
  @Test
  void valuesWithSpacesOrEmptyAreQuotedAndMissingOnesAreADash() {
    assertThat(LogLine.of("session").add("client", "192.0.2.1:4000").add("user", null).add("detail", "no such user")
        .add("tls", "").toString())
        .isEqualTo("session client=192.0.2.1:4000 user=- detail=\"no such user\" tls=\"\"");
  }

  @Test
  void clientTextCannotBreakTheLineOrAQuote() {
    String hostile = "joe\" end=QUIT\r\nsession user=root\u202e\\";
    String line = LogLine.of("login failed").text("user", hostile).add("reason", "MISMATCH").toString();
    assertThat(line).isEqualTo("login failed user=\"joe? end=QUIT??session user=root??\" reason=MISMATCH");
    assertThat(line).doesNotContain("\n", "\r");
  }

  @Test
  void longTextIsCut() {
    assertThat(LogLine.printable("x".repeat(10_000))).hasSize(LogLine.MAX_TEXT);
  }
}
