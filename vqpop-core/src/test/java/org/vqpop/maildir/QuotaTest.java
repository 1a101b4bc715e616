package org.vqpop.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuotaTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      100M              | 104857600 | 0
      100M,5000         | 104857600 | 5000
      104857600S,5000C  | 104857600 | 5000
      5000C             | 0         | 5000
      104857600S        | 104857600 | 0
      512k              | 524288    | 0
      2G,10C            | 2147483648 | 10
      1T                | 1099511627776 | 0
      12345             | 12345     | 0
      ' 100m , 5000 '   | 104857600 | 5000
      5000C,100M        | 104857600 | 5000
      none              | 0         | 0
      NONE              | 0         | 0
      unlimited         | 0         | 0
      0                 | 0         | 0
      0S,0C             | 0         | 0
      """)
  void parsesWhatAnAdministratorWrites(String text, long bytes, long messages) {
    assertThat(Quota.parse(text)).isEqualTo(new Quota(bytes, messages));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "100X", "-5", "100M,", ",5000", "1,2,3", "M", "S", "5000CC", "1.5G", "100M,5000X",
      "999999999999999T", "1234567890123456"})
  void refusesAnythingElseSayingWhy(String text) {
    assertThatThrownBy(() -> Quota.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("quota '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"100M,104857600S", "100M;5000,104857600S;5000C", "5000C,5000C", "none,''"})
  void definitionIsTheMaildirPlusPlusForm(String text, String definition) {
    Quota q = Quota.parse(text.replace(';', ','));
    assertThat(q.definition()).isEqualTo(definition.replace(';', ','));
    assertThat(Quota.parse(q.toString())).isEqualTo(q); // what we write reads back
  }

  @ParameterizedTest
  @CsvSource({"0,0,100,5,100,5", "50,0,100,5,50,5", "0,7,100,5,100,7", "1,2,0,0,1,2"})
  void orElseFillsOnlyTheUnsetParts(long b, long m, long fb, long fm, long eb, long em) {
    assertThat(new Quota(b, m).orElse(new Quota(fb, fm))).isEqualTo(new Quota(eb, em));
  }
}
