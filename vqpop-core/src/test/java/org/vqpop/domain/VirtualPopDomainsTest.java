package org.vqpop.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.vqpop.address.Domain;

class VirtualPopDomainsTest {
  static final Path FILE = Path.of("/var/mailhome/virtualpopdomains");

  /** The seed's sample entries, word for word. */
  static final String SEED = """
      oce.nl:st1-jos.oce.nl:oce.nl:
      acme.com:mail.acme.com:acme.com:acme
      isp.net:pophost.isp.net:mboxes.isp.net:isp
      """;

  @Test
  void parsesTheSeedsSampleEntries() throws Exception {
    VirtualPopDomains v = VirtualPopDomains.parse(FILE, SEED);
    assertThat(v.domains()).extracting(VirtualDomain::toLine).containsExactly(
        "oce.nl:st1-jos.oce.nl:oce.nl:", "acme.com:mail.acme.com:acme.com:acme", "isp.net:pophost.isp.net:mboxes.isp.net:isp");
    VirtualDomain isp = v.find(Domain.of("isp.net")).orElseThrow();
    assertThat(isp.directory()).isEqualTo("mboxes.isp.net");
    assertThat(isp.prefix()).isEqualTo("isp");
    assertThat(v.find(Domain.of("oce.nl")).orElseThrow().hasPrefix()).isFalse();
    assertThat(v.findByPrefix("acme")).map(d -> d.domain().name()).contains("acme.com");
    assertThat(v.render()).isEqualTo(SEED);
  }

  @Test
  void keepsCommentsAndBlankLinesWhenRewritten() throws Exception {
    String text = "# our domains\n\noce.nl:st1-jos.oce.nl:oce.nl:\n  # indented comment\nacme.com:mail.acme.com:acme.com:acme\n";
    VirtualPopDomains v = VirtualPopDomains.parse(FILE, text);
    assertThat(v.render()).isEqualTo(text);
    String changed = v.with(VirtualDomain.of("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp"))
        .without(Domain.of("oce.nl")).render();
    assertThat(changed).isEqualTo(
        "# our domains\n\n  # indented comment\nacme.com:mail.acme.com:acme.com:acme\nisp.net:pophost.isp.net:mboxes.isp.net:isp\n");
  }

  @Test
  void acceptsAddressLiteralsAsHostname() throws Exception {
    VirtualPopDomains v = VirtualPopDomains.parse(FILE, "a.example:127.0.0.2:a.example:a\nb.example:[::1]:b.example:b\n");
    assertThat(v.domains()).hasSize(2);
    assertThat(v.domains().get(0).host().isAddress()).isTrue();
    assertThat(v.domains().get(1).host().unbracketed()).isEqualTo("::1");
  }

  @Test
  void upperCaseIsFoldedOnce() throws Exception {
    VirtualDomain d = VirtualPopDomains.parse(FILE, "ACME.com:Mail.ACME.com:acme.com:Acme\n").domains().get(0);
    assertThat(d.toLine()).isEqualTo("acme.com:mail.acme.com:acme.com:acme");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      three fields                | acme.com:mail.acme.com:acme.com                | 2 | expected 4 fields
      five fields                 | acme.com:mail.acme.com:acme.com:acme:x         | 2 | expected 4 fields
      bad domain                  | acme..com:mail.acme.com:acme.com:acme          | 2 | empty label
      bad host                    | acme.com:mail_acme.com:acme.com:acme           | 2 | contains '_'
      bad ipv4                    | acme.com:1.2.3.999:acme.com:acme               | 2 | not a valid IPv4
      absolute directory          | acme.com:mail.acme.com:/etc:acme               | 2 | is absolute
      directory leaves home       | acme.com:mail.acme.com:../etc:acme             | 2 | leaves the mail home
      directory leaves home later | acme.com:mail.acme.com:a/../../etc:acme        | 2 | leaves the mail home
      hidden directory            | acme.com:mail.acme.com:.ssh:acme               | 2 | starting with '.'
      prefix with dash            | acme.com:mail.acme.com:acme.com:ac-me          | 2 | separates the prefix
      duplicate domain            | acme.com:mail.acme.com:acme2:acme2             | 2 | already defined on line 1
      duplicate prefix            | other.com:mail.other.com:other.com:x           | 2 | prefix 'x' is already used on line 1
      space                       | acme.com: mail.acme.com:acme.com:acme          | 2 | space at column 10
      """)
  void reportsFileAndLine(String what, String line, int lineNo, String message) {
    String first = what.startsWith("duplicate domain") ? "acme.com:mail.acme.com:acme.com:acme"
        : "first.com:mail.first.com:first.com:x";
    assertThatThrownBy(() -> VirtualPopDomains.parse(FILE, first + "\n" + line + "\n"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(FILE + ":" + lineNo + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void dosLineEndsAreNamed() {
    assertThatThrownBy(() -> VirtualPopDomains.parse(FILE, "acme.com:mail.acme.com:acme.com:acme\r\n"))
        .hasMessage(FILE + ":1: control character \\x0d at column 37 (DOS line ends?)");
  }

  @Test
  void anEmptyPrefixMayRepeat() throws Exception {
    assertThat(VirtualPopDomains.parse(FILE, "a.nl:a.nl:a.nl:\nb.nl:b.nl:b.nl:\n").domains()).hasSize(2);
  }

  @Test
  void withRefusesATakenDomainOrPrefix() throws Exception {
    VirtualPopDomains v = VirtualPopDomains.parse(FILE, SEED);
    assertThatThrownBy(() -> v.with(VirtualDomain.of("acme.com", "x.acme.com", "x", "")))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> v.with(VirtualDomain.of("new.com", "x.new.com", "new.com", "isp")))
        .hasMessageContaining("already used by isp.net");
  }
}
