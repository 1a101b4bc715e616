package org.vqpop.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.password.TestCrypt;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.ShadowFile;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.Resolution;
import org.vqpop.domain.Resolution.How;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.testing.InMemoryUserDirectory;

/**
 * Every way a login can fail costs what a wrong password for a real user costs, with system
 * accounts on (so that a failure costs one POP password check and, unless the login named a
 * domain, one system account check, whichever of them had a real hash to check): the chain is
 * timed directly, the paths interleaved, and each path's median must be within a quarter of the
 * median of the paths given the same way (naming a domain or not), wrong passwords among them.
 * The time is the thread's CPU time, which the other processes of a loaded machine disturb less
 * than the wall clock; the socket-level test (LoginTimingIT in vqpop-server) measures what a
 * client sees. Before the decoys, an unknown user cost a directory probe and no hash at all.
 */
class FailureTimingTest {
  static final PasswordHasher HASHER = PasswordHasher.defaults();
  static final VirtualDomain ACME = VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme");
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2025-06-01T00:00:00Z"));
  static final int ROUNDS = 7;
  /** SHA-512-crypt rounds that cost about what an argon2id check does, so leaving either out shows. */
  static final long SYSTEM_ROUNDS = 300_000;

  @TempDir Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Resolution acme(String user, How how) {
    return new Resolution.Resolved(ACME, UserName.of(user), how);
  }

  @Test
  void everyFailingUserPassLoginCostsWhatAWrongPasswordCosts() throws Exception {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    String argon = HASHER.hash(PasswordScheme.ARGON2ID, b("joepass"));
    directory.put(ACME, PopUser.withPassword(UserName.of("joe"), argon).withApopSecret("joesecret"), Path.of("/h/joe"));
    directory.put(ACME, PopUser.withSecret(UserName.of("apopper"), "tanstaaf"), Path.of("/h/apopper"));
    directory.put(ACME, new PopUser(UserName.of("off"), HASHER.hash(PasswordScheme.ARGON2ID, b("offpass")), "", 0, 0,
        List.of("disabled")), Path.of("/h/off"));
    directory.put(ACME, PopUser.withPassword(UserName.of("plain"), "{PLAIN}plainpass"), Path.of("/h/plain"));
    Path passwd = tmp.resolve("passwd");
    Path shadow = tmp.resolve("shadow");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\njos:x:1000:1000:Jos:/home/jos:/bin/zsh\n"
        + "locked:x:1002:1002::/home/locked:/bin/sh\n");
    Files.writeString(shadow, "root:" + sha("rootpass") + ":19000:0:99999:7:::\n"
        + "jos:" + sha("jospass") + ":19000:0:99999:7:::\n"
        + "locked:!" + sha("lockedpass") + ":19000:0:99999:7:::\n");
    AuthChain chain = AuthChain.seed(directory, HASHER,
        new AuthChain.SystemFiles(new PasswdFile(passwd), new ShadowFile(shadow)), Set.of(), CLOCK);

    Map<String, Supplier<ChainResult>> paths = new LinkedHashMap<>();
    paths.put("wrong password", () -> chain.check(up("joe", "guess"), acme("joe", How.LOCAL_HOST), Peer.UNKNOWN));
    paths.put("unknown user", () -> chain.check(up("nobody", "guess"), acme("nobody", How.LOCAL_HOST), Peer.UNKNOWN));
    paths.put("wrong password, domain named", () -> chain.check(up("joe@acme.com", "guess"),
        acme("joe", How.AT_SIGN), Peer.UNKNOWN));
    paths.put("unknown user, domain named", () -> chain.check(up("nobody@acme.com", "guess"),
        acme("nobody", How.AT_SIGN), Peer.UNKNOWN));
    paths.put("unknown domain", () -> chain.check(up("joe@nowhere.test", "guess"),
        new Resolution.Unresolved(Resolution.Reason.UNKNOWN_DOMAIN, "no domain nowhere.test"), Peer.UNKNOWN));
    paths.put("bad user name", () -> chain.check(up("jo e", "guess"),
        new Resolution.Unresolved(Resolution.Reason.BAD_USER_NAME, "bad"), Peer.UNKNOWN));
    paths.put("no POP password", () -> chain.check(up("apopper", "guess"), acme("apopper", How.LOCAL_HOST),
        Peer.UNKNOWN));
    paths.put("disabled, wrong password", () -> chain.check(up("off", "guess"), acme("off", How.LOCAL_HOST),
        Peer.UNKNOWN));
    paths.put("disabled, right password", () -> chain.check(up("off", "offpass"), acme("off", How.LOCAL_HOST),
        Peer.UNKNOWN));
    paths.put("unverifiable hash", () -> chain.check(up("plain", "guess"), acme("plain", How.LOCAL_HOST),
        Peer.UNKNOWN));
    paths.put("system account", () -> chain.check(up("jos", "guess"), acme("jos", How.LOCAL_HOST), Peer.UNKNOWN));
    paths.put("locked system account", () -> chain.check(up("locked", "guess"), acme("locked", How.LOCAL_HOST),
        Peer.UNKNOWN));
    paths.put("uid 0", () -> chain.check(up("root", "rootpass"), acme("root", How.LOCAL_HOST), Peer.UNKNOWN));

    // Warm up: the JIT, and each decoy's first sight of a real hash of its kind.
    for (Supplier<ChainResult> p : paths.values()) {
      assertThat(p.get().result()).as("every path fails").isInstanceOf(AuthResult.Failure.class);
    }
    Map<String, long[]> nanos = new LinkedHashMap<>();
    paths.keySet().forEach(k -> nanos.put(k, new long[ROUNDS]));
    List<String> order = new ArrayList<>(paths.keySet());
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < order.size(); i++) {
        String k = order.get((i + round) % order.size());
        long t0 = CPU.getCurrentThreadCpuTime();
        paths.get(k).get();
        nanos.get(k)[round] = CPU.getCurrentThreadCpuTime() - t0;
      }
    }
    // A login that names a domain (or cannot name a system account) costs one POP password check;
    // one that may mean a system account costs that and a system account check.
    Set<String> named = Set.of("wrong password, domain named", "unknown user, domain named", "unknown domain",
        "bad user name");
    // Each path against the middle of its group: a single reference path would carry its own noise
    // (argon2id is memory-hard, and on a busy machine its CPU time varies with memory contention).
    double local = median(nanos.entrySet().stream().filter(e -> !named.contains(e.getKey()))
        .mapToLong(e -> (long) median(e.getValue())).toArray());
    double domain = median(nanos.entrySet().stream().filter(e -> named.contains(e.getKey()))
        .mapToLong(e -> (long) median(e.getValue())).toArray());
    Map<String, Double> ratios = new LinkedHashMap<>();
    nanos.forEach((k, v) -> ratios.put(k, Math.round(median(v) / (named.contains(k) ? domain : local) * 100) / 100.0));
    assertThat(ratios).as("median CPU time of each failure / the median of its group")
        .allSatisfy((k, r) -> assertThat(r).as(k).isBetween(0.75, 1.33));
  }

  @Test
  void apopFailuresComputeADigestWhateverTheUser() {
    // Cheap either way, but the same work: the unknown user's digest is computed too.
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(ACME, PopUser.withSecret(UserName.of("apopper"), "tanstaaf"), Path.of("/h/apopper"));
    AuthChain chain = AuthChain.seed(directory, HASHER, null, Set.of(), CLOCK);
    String ts = "<1896.697170952@dbc.mtview.ca.us>";
    Credentials.Apop wrong = new Credentials.Apop("apopper", ts, "0".repeat(32));
    assertThat(chain.check(wrong, acme("apopper", How.LOCAL_HOST), Peer.UNKNOWN).result())
        .extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.MISMATCH);
    assertThat(chain.check(new Credentials.Apop("nobody", ts, "0".repeat(32)), acme("nobody", How.LOCAL_HOST),
        Peer.UNKNOWN).result()).extracting(r -> ((AuthResult.Failure) r).kind()).isEqualTo(AuthResult.Kind.UNKNOWN_USER);
  }

  private static String sha(String pw) {
    return TestCrypt.sha512(SYSTEM_ROUNDS, b(pw));
  }

  private static Credentials.UserPass up(String user, String pw) {
    return new Credentials.UserPass(user, b(pw));
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
