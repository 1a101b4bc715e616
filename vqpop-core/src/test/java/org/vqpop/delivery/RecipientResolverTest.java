package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.DomainTable;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.MailHome;
import org.vqpop.maildir.Quota;
import org.vqpop.testing.InMemoryUserDirectory;

class RecipientResolverTest {
  @TempDir Path root;
  final VirtualDomain acme = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme");
  final InMemoryUserDirectory users = new InMemoryUserDirectory();
  RecipientResolver resolver;
  MailHome home;

  @BeforeEach
  void setUp() throws IOException {
    home = new MailHome(root, root.resolve("qmail"), "alias", null, new PasswdFile(root.resolve("passwd")));
    Files.writeString(home.virtualPopDomains(), acme.toLine() + "\n");
    Files.createDirectories(home.layout().domainDir(acme));
    users.put(acme, new PopUser(UserName.of("joeuser"), "", "s", 5000, 0, List.of()), root.resolve("acme.com/j/joeuser"));
    users.put(acme, PopUser.withSecret(UserName.of("mary-ann"), "s"), root.resolve("acme.com/m/mary-ann"));
    users.put(acme, PopUser.withSecret(UserName.of("mary"), "s"), root.resolve("acme.com/m/mary"));
    resolver = new RecipientResolver(new DomainTable(home.virtualPopDomains(), 0), users, home, "+-");
  }

  String mailbox(String address) {
    RecipientResolver.Resolution r = resolver.resolve(address);
    assertThat(r).as(address).isInstanceOf(RecipientResolver.Resolved.class);
    return ((RecipientResolver.Resolved) r).mailbox();
  }

  Status refused(String address) {
    RecipientResolver.Resolution r = resolver.resolve(address);
    assertThat(r).as(address).isInstanceOf(RecipientResolver.Refused.class);
    return ((RecipientResolver.Refused) r).status();
  }

  @Test
  void findsUsersWithoutCaseAndWithAddressExtensions() {
    assertThat(mailbox("JoeUser@ACME.com")).isEqualTo("joeuser@acme.com");
    assertThat(mailbox("joeuser+lists@acme.com")).isEqualTo("joeuser@acme.com");
    assertThat(mailbox("joeuser-lists-x@acme.com.")).isEqualTo("joeuser@acme.com");
    assertThat(mailbox("mary-ann@acme.com")).isEqualTo("mary-ann@acme.com");
    assertThat(mailbox("mary-ann-news@acme.com")).isEqualTo("mary-ann@acme.com");
    assertThat(mailbox("mary-news@acme.com")).isEqualTo("mary@acme.com");
  }

  @Test
  void unknownUsersDomainsAndBadAddressesAreRefusedForGood() {
    assertThat(refused("nobody@acme.com").line()).isEqualTo("550 5.1.1 <nobody@acme.com> user unknown");
    assertThat(refused("joeuser@other.org").enhanced()).isEqualTo("5.1.1");
    assertThat(refused("joeuser").enhanced()).isEqualTo("5.1.3");
    assertThat(refused("@acme.com").permanent()).isTrue();
    assertThat(refused("../x@acme.com").permanent()).isTrue();
  }

  @Test
  void aBrokenDirectoryIsATemporaryFailure() {
    users.fail(acme, "poppasswd.cdb: corrupt");
    assertThat(refused("joeuser@acme.com").line()).startsWith("451 4.3.0");
  }

  @Test
  void aMissingMailHomeOrDomainFileIsAConfigurationProblemNotAnUnknownDomain() throws IOException {
    Files.writeString(home.virtualPopDomains(), "");
    assertThat(refused("joeuser@acme.com").line())
        .isEqualTo("451 4.3.5 <joeuser@acme.com> mail system configuration error, try again later");
    assertThat(((RecipientResolver.Refused) resolver.resolve("joeuser@acme.com")).detail()).contains("lists no domain");
    Files.delete(home.virtualPopDomains());
    assertThat(((RecipientResolver.Refused) resolver.resolve("joeuser@acme.com")).detail()).contains("does not exist");
    MailHome nowhere = new MailHome(root.resolve("nowhere"), root, "alias", null, new PasswdFile(root.resolve("passwd")));
    RecipientResolver r = new RecipientResolver(new DomainTable(nowhere.virtualPopDomains(), 0), users, nowhere, "+-");
    RecipientResolver.Refused refused = (RecipientResolver.Refused) r.resolve("joeuser@acme.com");
    assertThat(refused.status().temporary()).isTrue();
    assertThat(refused.detail()).contains("mail home " + root.resolve("nowhere") + " does not exist");
    // With domains listed, another domain is still unknown for good.
    Files.writeString(home.virtualPopDomains(), acme.toLine() + "\n");
    assertThat(refused("joeuser@other.org").line()).isEqualTo("550 5.1.1 <joeuser@other.org> no such domain here");
  }

  @Test
  void theUsersQuotaTakesUnsetPartsFromTheDomain() throws IOException {
    assertThat(((RecipientResolver.Resolved) resolver.resolve("joeuser@acme.com")).quota()).isEqualTo(new Quota(5000, 0));
    Files.writeString(home.layout().domainDir(acme).resolve("quota"), "# default\n1000000S,100C\n");
    assertThat(((RecipientResolver.Resolved) resolver.resolve("joeuser@acme.com")).quota()).isEqualTo(new Quota(5000, 100));
    assertThat(((RecipientResolver.Resolved) resolver.resolve("mary@acme.com")).quota()).isEqualTo(new Quota(1000000, 100));
    Files.writeString(home.layout().domainDir(acme).resolve("quota"), "lots\n");
    assertThat(refused("mary@acme.com").temporary()).isTrue();
  }

  @Test
  void theMaildirIsInTheHome() {
    RecipientResolver.Resolved r = (RecipientResolver.Resolved) resolver.resolve("joeuser@acme.com");
    assertThat(r.maildir()).isEqualTo(root.resolve("acme.com/j/joeuser/Maildir"));
  }
}
