package org.vqpop.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginResolverTest {
  static final VirtualPopDomains TABLE;

  static {
    try {
      TABLE = VirtualPopDomains.parse(Path.of("virtualpopdomains"), """
          oce.nl:st1-jos.oce.nl:oce.nl:
          acme.com:mail.acme.com:acme.com:acme
          isp.net:pophost.isp.net:mboxes.isp.net:isp
          lit.org:127.0.0.3:lit.org:lit
          v6.org:[::1]:v6.org:
          """);
    } catch (FileFormatException e) {
      throw new AssertionError(e);
    }
  }

  final FakeHostAddresses hosts = new FakeHostAddresses().add("pophost.isp.net", "127.0.0.2");

  /**
   * Columns: use_domain, use_prefix, at_sign, login, SNI, TCPLOCALHOST, local address; then the
   * expected domain, user and how, or "-" and the reason.
   */
  @ParameterizedTest(name = "{3} sni={4} host={5} addr={6} -> {7} {8} {9}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      false | false | @ | joeuser            | null          | null            |            | oce.nl   | joeuser   | FIRST_DOMAIN
      false | false | @ | joeuser            | null          | mail.acme.com   |            | acme.com | joeuser   | LOCAL_HOST
      false | false | @ | JoeUser            | null          | MAIL.ACME.COM   |            | acme.com | joeuser   | LOCAL_HOST
      false | false | @ | joeuser            | null          | unknown.host    |            | oce.nl   | joeuser   | FIRST_DOMAIN
      false | false | @ | joeuser            | null          | null            | 127.0.0.2  | isp.net  | joeuser   | LOCAL_ADDRESS
      false | false | @ | joeuser            | null          | null            | 127.0.0.3  | lit.org  | joeuser   | LOCAL_ADDRESS
      false | false | @ | joeuser            | null          | null            | 0:0:0:0:0:0:0:1 | v6.org | joeuser | LOCAL_ADDRESS
      false | false | @ | joeuser            | null          | null            | 127.0.0.9  | oce.nl   | joeuser   | FIRST_DOMAIN
      false | false | @ | joeuser            | mail.acme.com | null            | 127.0.0.2  | acme.com | joeuser   | SNI
      false | false | @ | joeuser            | isp.net       | mail.acme.com   |            | isp.net  | joeuser   | SNI
      false | false | @ | joeuser            | other.example | mail.acme.com   |            | acme.com | joeuser   | LOCAL_HOST
      false | false | @ | joeuser            | null          | mail.acme.com   | 127.0.0.2  | acme.com | joeuser   | LOCAL_HOST
      true  | false | @ | joeuser@acme.com   | null          | null            |            | acme.com | joeuser   | AT_SIGN
      true  | false | @ | joeuser@ACME.com   | isp.net       | pophost.isp.net | 127.0.0.2  | acme.com | joeuser   | AT_SIGN
      true  | false | @ | a@b@acme.com       | null          | null            |            | -        | BAD_USER_NAME |
      true  | false | @ | joeuser@nosuch.com | null          | mail.acme.com   |            | -        | UNKNOWN_DOMAIN |
      true  | false | @ | joeuser@           | null          | null            |            | -        | UNKNOWN_DOMAIN |
      true  | false | % | joeuser%acme.com   | null          | null            |            | acme.com | joeuser   | AT_SIGN
      true  | false | % | joeuser@acme.com   | null          | null            |            | -        | BAD_USER_NAME |
      false | false | @ | joeuser@acme.com   | null          | null            |            | -        | BAD_USER_NAME |
      false | true  | @ | acme-joeuser       | null          | null            |            | acme.com | joeuser   | PREFIX
      false | true  | @ | ISP-joe-user       | null          | mail.acme.com   |            | isp.net  | joe-user  | PREFIX
      false | true  | @ | mary-ann           | null          | mail.acme.com   |            | acme.com | mary-ann  | LOCAL_HOST
      false | false | @ | acme-joeuser       | null          | null            |            | oce.nl   | acme-joeuser | FIRST_DOMAIN
      true  | true  | @ | acme-joe@isp.net   | null          | null            |            | isp.net  | acme-joe  | AT_SIGN
      false | false | @ | ../etc             | null          | null            |            | -        | BAD_USER_NAME |
      false | false | @ |                    | null          | null            |            | -        | BAD_USER_NAME |
      """)
  void firstMatchWins(boolean useDomain, boolean usePrefix, char atSign, String login, String sni, String localHost,
      String localAddress, String domain, String userOrReason, String how) {
    LoginResolver r = new LoginResolver(useDomain, usePrefix, atSign, hosts);
    Resolution res = r.resolve(TABLE, login == null ? "" : login,
        new LocalEndpoint(localAddress == null ? "" : localAddress, localHost, sni));
    if (domain.equals("-")) {
      assertThat(res).isInstanceOfSatisfying(Resolution.Unresolved.class,
          u -> assertThat(u.reason()).hasToString(userOrReason));
    } else {
      assertThat(res).isInstanceOfSatisfying(Resolution.Resolved.class, ok -> {
        assertThat(ok.domain().domain().name()).isEqualTo(domain);
        assertThat(ok.user().name()).isEqualTo(userOrReason);
        assertThat(ok.how()).hasToString(how);
      });
    }
  }

  @Test
  void anEmptyTableResolvesNothing() {
    Resolution res = new LoginResolver(true, true, '@', hosts).resolve(VirtualPopDomains.empty(), "joeuser",
        LocalEndpoint.UNKNOWN);
    assertThat(res).isEqualTo(new Resolution.Unresolved(Resolution.Reason.NO_DOMAINS, "virtualpopdomains has no domains"));
  }

  @Test
  void addressLiteralsAreComparedBeforeAnyLookup() {
    new LoginResolver(false, false, '@', hosts).resolve(TABLE, "joe", new LocalEndpoint("127.0.0.3", null, null));
    assertThat(hosts.asked).isEmpty();
  }

  @Test
  void anAtSignThatCouldBeInANameIsRefused() {
    for (char c : new char[] {'a', '-', '.', '_', ' ', '7'}) {
      assertThatThrownBy(() -> new LoginResolver(true, false, c, hosts)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
