package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes real qmail takes through the files the seed's commands write: each address is mapped
 * as qmail-send does, looked up in {@code users/cdb} as qmail-lspawn does, and its {@code .qmail}
 * chosen as qmail-local does ({@link QmailModel}, from notqmail's sources).
 */
class QmailRoutesIT {
  @TempDir Path tmp;

  /** The seed's setup: oce.nl is one of qmail's control/locals (its prefix is empty). */
  private static final Set<String> LOCALS = Set.of("oce.nl");

  private Sandbox s;
  private QmailModel qmail;

  private void setUp() throws Exception {
    // qmail-getpw takes no account with uid 0, so as root the pop account gets the seed's ids
    s = Tools.root() ? new Sandbox(tmp, 15139, 15102) : Sandbox.asCurrentUser(tmp);
    s.seedDomains();
    for (String[] u : new String[][] {{"oce.nl", "jos"}, {"acme.com", "joeuser"}, {"isp.net", "sue"}}) {
      s.run("mkpopdb", "-a", u[0], u[1], "pw").ok();
      s.run("mkpopuser", "-a", u[0], u[1]).ok();
    }
    qmail = new QmailModel(s.qmail.resolve("users/cdb"),
        Map.of("alias", new QmailModel.Account("alias", s.uid, s.gid, s.alias)));
  }

  /** The {@code .qmail} file that ends up delivering {@code address}, following {@code ~alias}'s forward. */
  private QmailModel.@Nullable Delivery deliver(String address) throws Exception {
    int at = address.lastIndexOf('@');
    String local = QmailModel.localPart(address.substring(0, at), address.substring(at + 1), LOCALS,
        s.qmail.resolve("control/virtualdomains"));
    for (int hops = 0; hops < 3; hops++) {
      QmailModel.Delivery d = QmailModel.local(qmail.lspawn(local));
      if (d.dotQmail() == null || !Files.readString(d.dotQmail()).equals("|forward \"$EXT2\"\n")) {
        return d;
      }
      // ~alias/.qmail-vdom-default: forward to $EXT2, unqualified, so to a local address of ours
      local = QmailModel.ext2(qmail.lspawn(local).ext());
    }
    throw new AssertionError("forwarding loop for " + address);
  }

  private Path home(String domainDir, String user) {
    return s.mailhome.resolve(domainDir).resolve(user.substring(0, 1)).resolve(user);
  }

  @Test
  void aUserOfADomainWithoutPrefixGetsMailForItsNameAndEveryExtension() throws Exception {
    setUp();
    Path jos = home("oce.nl", "jos");
    // qmail-lspawn's own answer for jos: the =jos line, empty dash and extension: HOME/.qmail
    assertThat(qmail.lspawn("jos")).isEqualTo(new QmailModel.Route("alias", s.uid, s.gid, jos, "", "", false));
    assertThat(qmail.lspawn("JOS")).isEqualTo(qmail.lspawn("jos"));
    assertThat(deliver("jos@oce.nl").dotQmail()).isEqualTo(jos.resolve(".qmail"));
    // jos-EXT: the +jos- line, dash "-", the rest as extension: HOME/.qmail-EXT, else .qmail-default
    assertThat(qmail.lspawn("jos-lists")).isEqualTo(new QmailModel.Route("alias", s.uid, s.gid, jos, "-", "lists", false));
    assertThat(deliver("jos-lists@oce.nl").dotQmail()).isEqualTo(jos.resolve(".qmail-default"));
    assertThat(deliver("jos-any-thing.else@oce.nl").dotQmail()).isEqualTo(jos.resolve(".qmail-default"));
    assertThat(s.read(jos.resolve(".qmail-default"))).isEqualTo(s.read(jos.resolve(".qmail"))).isEqualTo("./Maildir/\n");
    // an address of no user still bounces: nothing catches all of oce.nl
    assertThat(qmail.lspawn("nobody").fromGetpw()).isTrue();
    assertThat(deliver("nobody@oce.nl").bounced()).isTrue();
    assertThat(deliver("jo@oce.nl").bounced()).isTrue();
    // the = line of a user called postmaster takes postmaster@ of every local domain: said so
    assertThat(s.run("mkpopdb", "-a", "oce.nl", "postmaster", "pw").ok().err())
        .contains("=postmaster of oce.nl takes postmaster@ of every domain in qmail's control/locals");
  }

  @Test
  void prefixedDomainsKeepTheirSingleLineAndRoute() throws Exception {
    setUp();
    Path joe = home("acme.com", "joeuser");
    String ids = s.uid + ":" + s.gid;
    assertThat(s.read(s.qmail.resolve("users/assign"))).isEqualTo(
        "+jos-:alias:" + ids + ":" + home("oce.nl", "jos") + ":-::\n"
            + "=jos:alias:" + ids + ":" + home("oce.nl", "jos") + ":::\n"
            + "=acme-joeuser:alias:" + ids + ":" + joe + ":::\n"
            + "=isp-sue:alias:" + ids + ":" + home("mboxes.isp.net", "sue") + ":::\n"
            + ".\n");
    // joeuser@acme.com: virtualdomains makes it alias-vdom-acme-joeuser, which only qmail-getpw
    // routes, to ~alias/.qmail-vdom-default, whose forward to $EXT2 reaches =acme-joeuser
    QmailModel.Route viaAlias = qmail.lspawn("alias-vdom-acme-joeuser");
    assertThat(viaAlias).isEqualTo(new QmailModel.Route("alias", s.uid, s.gid, s.alias, "-", "vdom-acme-joeuser", true));
    assertThat(QmailModel.local(viaAlias).dotQmail()).isEqualTo(s.alias.resolve(".qmail-vdom-default"));
    assertThat(qmail.lspawn("acme-joeuser")).isEqualTo(new QmailModel.Route("alias", s.uid, s.gid, joe, "", "", false));
    assertThat(deliver("joeuser@acme.com").dotQmail()).isEqualTo(joe.resolve(".qmail"));
    assertThat(deliver("sue@isp.net").dotQmail()).isEqualTo(home("mboxes.isp.net", "sue").resolve(".qmail"));
    // as before: no extensions for prefixed domains, and no .qmail-default in their homes
    assertThat(qmail.lspawn("acme-joeuser-lists").fromGetpw()).isTrue();
    assertThat(deliver("joeuser-lists@acme.com").bounced()).isTrue();
    assertThat(joe.resolve(".qmail-default")).doesNotExist();
  }

  @Test
  void rebuildGivesOldHomesTheirQmailDefaultAndKeepsTheAdministratorsOwn() throws Exception {
    setUp();
    Path jos = home("oce.nl", "jos");
    Files.delete(jos.resolve(".qmail-default")); // a home made by an older vqpop
    assertThat(deliver("jos-lists@oce.nl").bounced()).isTrue();
    s.run("vqpop", "rebuild").ok();
    assertThat(deliver("jos-lists@oce.nl").dotQmail()).isEqualTo(jos.resolve(".qmail-default"));
    Files.writeString(jos.resolve(".qmail-default"), "&jos@elsewhere.example\n");
    s.run("vqpop", "rebuild").ok();
    s.run("mkpopuser", "-a", "oce.nl", "jos").ok();
    assertThat(s.read(jos.resolve(".qmail-default"))).isEqualTo("&jos@elsewhere.example\n");
  }
}
