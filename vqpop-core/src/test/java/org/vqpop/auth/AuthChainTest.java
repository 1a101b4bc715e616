package org.vqpop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.ShadowFile;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.Resolution;
import org.vqpop.domain.Resolution.How;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.testing.InMemoryUserDirectory;

class AuthChainTest {
  static final PasswordHasher HASHER = PasswordHasher.defaults();
  static final VirtualDomain ACME = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme");
  static final Path JOE_HOME = Path.of("/var/mailhome/acme.com/j/joeuser");
  static final String TS = "<1896.697170952@dbc.mtview.ca.us>";
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-06-01T00:00:00Z"));

  @TempDir Path tmp;
  final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  AuthChain.SystemFiles system;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String sha512(String pw) {
    return HASHER.hash(PasswordScheme.SHA512_CRYPT, b(pw));
  }

  static Resolution joe(How how) {
    return new Resolution.Resolved(ACME, UserName.of("joeuser"), how);
  }

  @BeforeEach
  void setUp() throws Exception {
    directory.put(ACME, new PopUser(UserName.of("joeuser"), sha512("joepass"), "", 0, 0, List.of()), JOE_HOME);
    directory.put(ACME, PopUser.withSecret(UserName.of("apopper"), "tanstaaf"), Path.of("/h/apopper"));
    directory.put(ACME, new PopUser(UserName.of("off"), sha512("offpass"), "", 0, 0, List.of("disabled")),
        Path.of("/h/off"));
    Path passwd = tmp.resolve("passwd");
    Path shadow = tmp.resolve("shadow");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\njos:x:1000:1000:Jos:/home/jos:/bin/zsh\n"
        + "old:x:1001:1001::/home/old:/bin/sh\nlocked:x:1002:1002::/home/locked:/bin/sh\n");
    Files.writeString(shadow, "root:" + sha512("rootpass") + ":19000:0:99999:7:::\n"
        + "jos:" + sha512("jospass") + ":19000:0:99999:7:::\n"
        + "old:" + sha512("oldpass") + ":19000:0:99999:7::19000:\n"
        + "locked:!" + sha512("lockedpass") + ":19000:0:99999:7:::\n");
    system = new AuthChain.SystemFiles(new PasswdFile(passwd), new ShadowFile(shadow));
  }

  AuthChain seed() {
    return AuthChain.seed(directory, HASHER, null, Set.of(), CLOCK);
  }

  AuthChain all(String... rpopHosts) {
    return AuthChain.seed(directory, HASHER, system, Set.of(rpopHosts), CLOCK);
  }

  static LoginIdentity identity(ChainResult r) {
    assertThat(r.result()).isInstanceOf(AuthResult.Success.class);
    return ((AuthResult.Success) r.result()).identity();
  }

  static AuthResult.Kind kind(ChainResult r) {
    assertThat(r.result()).isInstanceOf(AuthResult.Failure.class);
    return ((AuthResult.Failure) r.result()).kind();
  }

  static List<String> trace(ChainResult r) {
    return r.steps().stream().map(s -> s.source() + "=" + (s.accepted() ? "1" : "")).toList();
  }

  @Test
  void thePopPasswordLetsInAfterTheApopSourceSaysNothing() {
    ChainResult r = seed().check(new Credentials.UserPass("joeuser", b("joepass")), joe(How.LOCAL_HOST), Peer.UNKNOWN);
    LoginIdentity id = identity(r);
    assertThat(id).isEqualTo(new LoginIdentity(ACME, "joeuser", JOE_HOME, JOE_HOME.resolve("Maildir"),
        Source.POP_PASSWORD, null));
    assertThat(((AuthResult.Success) r.result()).user()).isEqualTo("joeuser@acme.com");
    assertThat(trace(r)).containsExactly("APOP_SECRET=", "POP_PASSWORD=1");
  }

  @Test
  void aWrongPasswordIsAMismatch() {
    ChainResult r = seed().check(new Credentials.UserPass("joeuser", b("joepasS")), joe(How.LOCAL_HOST), Peer.UNKNOWN);
    assertThat(kind(r)).isEqualTo(AuthResult.Kind.MISMATCH);
    assertThat(trace(r)).containsExactly("APOP_SECRET=", "POP_PASSWORD=");
  }

  @Test
  void rfc1939sApopExampleLetsIn() {
    // RFC 1939 §7: secret "tanstaaf", this timestamp, digest c4c9334bac560ecc979e58001b3e22fb.
    Resolution apopper = new Resolution.Resolved(ACME, UserName.of("apopper"), How.FIRST_DOMAIN);
    ChainResult r = seed().check(new Credentials.Apop("apopper", TS, "c4c9334bac560ecc979e58001b3e22fb"), apopper,
        Peer.UNKNOWN);
    assertThat(identity(r).source()).isEqualTo(Source.APOP_SECRET);
    assertThat(trace(r)).containsExactly("APOP_SECRET=1");
    assertThat(identity(seed().check(new Credentials.Apop("apopper", TS, "C4C9334BAC560ECC979E58001B3E22FB"), apopper,
        Peer.UNKNOWN)).source()).isEqualTo(Source.APOP_SECRET);
  }

  @Test
  void aWrongDigestOrADigestForAUserWithoutSecretFails() {
    Resolution apopper = new Resolution.Resolved(ACME, UserName.of("apopper"), How.FIRST_DOMAIN);
    assertThat(kind(seed().check(new Credentials.Apop("apopper", TS, "c4c9334bac560ecc979e58001b3e22fc"), apopper,
        Peer.UNKNOWN))).isEqualTo(AuthResult.Kind.MISMATCH);
    String digestOfPassword = Secrets.apopDigest(TS, "joepass");
    assertThat(kind(seed().check(new Credentials.Apop("joeuser", TS, digestOfPassword), joe(How.FIRST_DOMAIN),
        Peer.UNKNOWN))).isEqualTo(AuthResult.Kind.MISMATCH);
  }

  @Test
  void theApopSecretIsAlsoAcceptedAsThePassword() {
    Resolution apopper = new Resolution.Resolved(ACME, UserName.of("apopper"), How.FIRST_DOMAIN);
    ChainResult r = seed().check(new Credentials.UserPass("apopper", b("tanstaaf")), apopper, Peer.UNKNOWN);
    assertThat(identity(r).source()).isEqualTo(Source.APOP_SECRET);
    assertThat(kind(seed().check(new Credentials.UserPass("apopper", b("tanstaa")), apopper, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.MISMATCH);
  }

  @Test
  void aDisabledUserFailsOnlyWithTheRightPasswordAsDisabled() {
    Resolution off = new Resolution.Resolved(ACME, UserName.of("off"), How.FIRST_DOMAIN);
    assertThat(kind(seed().check(new Credentials.UserPass("off", b("offpass")), off, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.DISABLED);
    assertThat(kind(seed().check(new Credentials.UserPass("off", b("wrong")), off, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.MISMATCH);
  }

  @Test
  void anUnknownUserOrUnresolvedLoginIsUnknown() {
    Resolution nobody = new Resolution.Resolved(ACME, UserName.of("nobody"), How.FIRST_DOMAIN);
    assertThat(kind(seed().check(new Credentials.UserPass("nobody", b("x")), nobody, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.UNKNOWN_USER);
    Resolution bad = new Resolution.Unresolved(Resolution.Reason.UNKNOWN_DOMAIN, "no virtual domain x.org");
    ChainResult r = seed().check(new Credentials.UserPass("joe@x.org", b("x")), bad, Peer.UNKNOWN);
    assertThat(kind(r)).isEqualTo(AuthResult.Kind.UNKNOWN_USER);
    assertThat(r.detail()).isEqualTo("no virtual domain x.org");
  }

  @Test
  void anUnreadableDirectoryIsTemporary() {
    directory.fail(ACME, "poppasswd.cdb: truncated");
    ChainResult r = seed().check(new Credentials.UserPass("joeuser", b("joepass")), joe(How.FIRST_DOMAIN), Peer.UNKNOWN);
    assertThat(kind(r)).isEqualTo(AuthResult.Kind.TEMPORARY);
    assertThat(r.steps()).isEmpty();
  }

  @Test
  void systemAccountsAreOffByDefault() {
    Resolution jos = new Resolution.Resolved(ACME, UserName.of("jos"), How.FIRST_DOMAIN);
    assertThat(kind(seed().check(new Credentials.UserPass("jos", b("jospass")), jos, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.UNKNOWN_USER);
  }

  @Test
  void aSystemAccountLogsInWhenNoVirtualUserIsMeant() {
    Resolution jos = new Resolution.Resolved(ACME, UserName.of("jos"), How.FIRST_DOMAIN);
    ChainResult r = all().check(new Credentials.UserPass("jos", b("jospass")), jos, Peer.UNKNOWN);
    LoginIdentity id = identity(r);
    assertThat(id.domain()).isNull();
    assertThat(id.home()).isEqualTo(Path.of("/home/jos"));
    assertThat(id.maildir()).isEqualTo(Path.of("/home/jos/Maildir"));
    assertThat(id.account().shell()).isEqualTo("/bin/zsh");
    assertThat(id.source()).isEqualTo(Source.SYSTEM_ACCOUNT);
    assertThat(trace(r)).containsExactly("APOP_SECRET=", "POP_PASSWORD=", "SYSTEM_ACCOUNT=1");
    assertThat(kind(all().check(new Credentials.UserPass("jos", b("wrong")), jos, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.MISMATCH);
  }

  @Test
  void noSystemAccountWhenTheLoginNamedADomainOrIsRootLockedOrExpired() {
    Resolution named = new Resolution.Resolved(ACME, UserName.of("jos"), How.AT_SIGN);
    assertThat(kind(all().check(new Credentials.UserPass("jos@acme.com", b("jospass")), named, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.UNKNOWN_USER);
    for (String[] c : new String[][] {{"root", "rootpass", "UNKNOWN_USER"}, {"locked", "lockedpass", "MISMATCH"},
        {"old", "oldpass", "DISABLED"}}) {
      Resolution res = new Resolution.Resolved(ACME, UserName.of(c[0]), How.FIRST_DOMAIN);
      assertThat(kind(all().check(new Credentials.UserPass(c[0], b(c[1])), res, Peer.UNKNOWN))).as(c[0])
          .hasToString(c[2]);
    }
  }

  @Test
  void systemAccountsWorkWithNoDomainsAtAllButNotForOddNames() {
    Resolution none = new Resolution.Unresolved(Resolution.Reason.NO_DOMAINS, "no domains");
    assertThat(identity(all().check(new Credentials.UserPass("jos", b("jospass")), none, Peer.UNKNOWN)).user())
        .isEqualTo("jos");
    assertThat(kind(all().check(new Credentials.UserPass("jos:x:1000", b("jospass")), none, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.UNKNOWN_USER);
  }

  @Test
  void anUnreadableShadowFileIsTemporary() throws Exception {
    Files.delete(tmp.resolve("shadow"));
    Resolution jos = new Resolution.Resolved(ACME, UserName.of("jos"), How.FIRST_DOMAIN);
    assertThat(kind(all().check(new Credentials.UserPass("jos", b("jospass")), jos, Peer.UNKNOWN)))
        .isEqualTo(AuthResult.Kind.TEMPORARY);
  }

  @Test
  void rpopNeedsATrustedAddressAPrivilegedPortAndTheUsersOwnName() {
    AuthChain chain = all("192.0.2.7", "2001:db8::7");
    Credentials rpop = new Credentials.UserPass("joeuser", b("joeuser"));
    ChainResult ok = chain.check(rpop, joe(How.FIRST_DOMAIN), new Peer("192.0.2.7", 1023));
    assertThat(identity(ok).source()).isEqualTo(Source.RPOP);
    assertThat(trace(ok)).containsExactly("APOP_SECRET=", "POP_PASSWORD=", "SYSTEM_ACCOUNT=", "RPOP=1");
    assertThat(identity(chain.check(rpop, joe(How.FIRST_DOMAIN), new Peer("2001:db8:0::7", 600))).source())
        .isEqualTo(Source.RPOP);
    assertThat(kind(chain.check(rpop, joe(How.FIRST_DOMAIN), new Peer("192.0.2.7", 1024))))
        .isEqualTo(AuthResult.Kind.MISMATCH);
    assertThat(kind(chain.check(rpop, joe(How.FIRST_DOMAIN), new Peer("192.0.2.8", 1023))))
        .isEqualTo(AuthResult.Kind.MISMATCH);
    assertThat(kind(chain.check(new Credentials.UserPass("joeuser", b("root")), joe(How.FIRST_DOMAIN),
        new Peer("192.0.2.7", 1023)))).isEqualTo(AuthResult.Kind.MISMATCH);
    assertThat(kind(all().check(rpop, joe(How.FIRST_DOMAIN), new Peer("192.0.2.7", 1023))))
        .isEqualTo(AuthResult.Kind.MISMATCH);
    Resolution nobody = new Resolution.Resolved(ACME, UserName.of("nobody"), How.FIRST_DOMAIN);
    assertThat(kind(chain.check(new Credentials.UserPass("nobody", b("nobody")), nobody, new Peer("192.0.2.7", 1023))))
        .isEqualTo(AuthResult.Kind.UNKNOWN_USER);
  }
}
