package org.vqpop.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandParserTest {
  @Test
  void messageNumbers() {
    assertThat(CommandParser.number("1")).isEqualTo(1);
    assertThat(CommandParser.number("5000")).isEqualTo(5000);
    assertThat(CommandParser.number("01")).isEqualTo(1);
    assertThat(CommandParser.number("00000000000000000000000000042")).isEqualTo(42);
    assertThat(CommandParser.number("10")).isEqualTo(10);
    assertThat(CommandParser.number("0")).isEqualTo(-2);
    assertThat(CommandParser.number("000")).isEqualTo(-2);
    assertThat(CommandParser.number("99999999999999999999999")).isEqualTo(Long.MAX_VALUE);
    for (String bad : new String[] {"", "+1", "-1", "1a", " 1", "1 ", "0x10", "١"}) {
      assertThat(CommandParser.number(bad)).as(bad).isEqualTo(-1);
    }
  }

  @Test
  void deleAndRetrTakeOneNumber() {
    assertThat(CommandParser.parse("DELE 0012".getBytes())).isEqualTo(new Pop3Command.Dele(12));
    assertThat(CommandParser.parse("retr 7".getBytes())).isEqualTo(new Pop3Command.Retr(7));
    assertThat(CommandParser.parse("DELE 0".getBytes())).isInstanceOf(Pop3Command.Malformed.class);
  }
}
