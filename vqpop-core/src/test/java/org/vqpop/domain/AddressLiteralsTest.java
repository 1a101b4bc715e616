package org.vqpop.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressLiteralsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.2              | 127.0.0.2
      ::1                    | 0:0:0:0:0:0:0:1
      [::1]                  | 0:0:0:0:0:0:0:1
      0:0:0:0:0:0:0:1        | 0:0:0:0:0:0:0:1
      2001:DB8::0001         | 2001:db8:0:0:0:0:0:1
      fe80::1%eth0           | fe80:0:0:0:0:0:0:1
      ::ffff:192.0.2.1       | 0:0:0:0:0:ffff:c000:201
      2001:db8::1::2         | 2001:db8::1::2
      mail.acme.com          | mail.acme.com
      """)
  void spellsEachAddressOneWay(String in, String out) {
    assertThat(AddressLiterals.canonical(in)).isEqualTo(out);
  }
}
