package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.config.ConfigFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.MailHome;

/**
 * Issue 11 item 3, as a client sees it: 100 failed logins each (300 for the cheap APOP) for an
 * existing user, an unknown user and an unknown domain, over a real socket, with the failure delays off (both the
 * per-address and the per-account one): each unknown kind's time, taken as a ratio to the
 * existing user's in the same round, has a median within 10 % of 1, and the middle 80 % of each
 * kind overlap. The user's password is hashed with the default scheme, argon2id, so
 * the check dominates. The three kinds go round-robin, each round starting with another, so that
 * the load of a shared machine falls on all three alike. Before the decoy hash an unknown user or
 * domain cost a directory probe and no hash: a fraction of a millisecond against 100.
 */
class LoginTimingIT {
  /**
   * The issue asks for 50; on a 2-core machine shared with other builds (load 15) the medians of
   * 50 samples of a 0.1 to 0.3 s check still moved by 10 to 25 %, in no fixed direction, so twice
   * that many are taken.
   */
  static final int SAMPLES = 100;
  static final String TS_WRONG = "0123456789abcdef0123456789abcdef";

  @TempDir static Path dir;
  static MailHome home;

  @BeforeAll
  static void mailHome() throws Exception {
    Path root = dir.resolve("mailhome");
    Path qmail = dir.resolve("qmail");
    Files.createDirectories(root);
    Files.createDirectories(qmail.resolve("users"));
    Files.createDirectories(qmail.resolve("control"));
    Files.createDirectories(dir.resolve("alias"));
    home = new MailHome(root, qmail, System.getProperty("user.name"), dir.resolve("alias"), PasswdFile.SYSTEM);
    PasswordHasher hasher = PasswordHasher.defaults();
    Admin admin = new Admin(home, pw -> hasher.hash(PasswordScheme.ARGON2ID, pw), m -> {}, Duration.ofSeconds(10));
    admin.domains().add(VirtualDomain.of("example.org", "localhost", "example.org", ""), null);
    admin.users().add(Domain.of("example.org"), UserName.of("carol"), "carolpw".getBytes(StandardCharsets.UTF_8),
        "carolsecret", Quota.NONE);
  }

  ServerFixture server() throws Exception {
    Path toml = dir.resolve("vqpop.toml");
    Files.writeString(toml, """
        [login]
        use_domain = true
        account_failure_delay_ms = 0
        """);
    ServerConfigBuilder b = new ServerConfigBuilder().read(ConfigFile.read(toml, true))
        .mailhome(home.root())
        .pop3(List.of(new ListenAddress("127.0.0.1", 0)))
        .limits(new Limits(Duration.ofMinutes(10), 100, 50, 10, Duration.ZERO));
    return new ServerFixture(b.build());
  }

  /** One failed login of some kind; returns the nanoseconds from sending it to the -ERR. */
  interface Attempt {
    long nanos(Pop3Script s, String user) throws Exception;
  }

  static final Attempt USER_PASS = (s, user) -> {
    s.command("USER " + user, "+OK");
    long t0 = System.nanoTime();
    s.command("PASS wrong-password", "-ERR [AUTH]");
    return System.nanoTime() - t0;
  };

  static final Attempt APOP = (s, user) -> {
    String ts = s.greeting.substring(s.greeting.indexOf('<'), s.greeting.indexOf('>') + 1);
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest((ts + "not-the-secret").getBytes(StandardCharsets.UTF_8)));
    long t0 = System.nanoTime();
    s.command("APOP " + user + " " + digest, "-ERR [AUTH]");
    return System.nanoTime() - t0;
  };

  static final Attempt AUTH_PLAIN = (s, user) -> {
    String response = Base64.getEncoder().encodeToString(("\0" + user + "\0wrong-password")
        .getBytes(StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    s.command("AUTH PLAIN " + response, "-ERR [AUTH]");
    return System.nanoTime() - t0;
  };

  @Test
  void userPassFailuresTakeTheSameTimeWhetherOrNotTheUserExists() throws Exception {
    check(USER_PASS, SAMPLES, 3);
  }

  @Test
  void apopFailuresTakeTheSameTimeWhetherOrNotTheUserExists() throws Exception {
    // Cheap (an MD5 and a cdb probe): a fraction of a millisecond, where a loaded machine's
    // scheduling is as large as the work, so more samples, and a longer warm-up for the JIT.
    check(APOP, 300, 100);
  }

  @Test
  void authPlainFailuresTakeTheSameTimeWhetherOrNotTheUserExists() throws Exception {
    check(AUTH_PLAIN, SAMPLES, 3);
  }

  private void check(Attempt attempt, int samples, int warmUp) throws Exception {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("existing user", "carol@example.org");
    kinds.put("unknown user", "nobody@example.org");
    kinds.put("unknown domain", "carol@nowhere.test");
    List<String> names = new ArrayList<>(kinds.keySet());
    Map<String, long[]> nanos = new LinkedHashMap<>();
    names.forEach(k -> nanos.put(k, new long[samples]));
    try (ServerFixture f = server()) {
      for (int round = -warmUp; round < samples; round++) {
        for (int i = 0; i < names.size(); i++) {
          String k = names.get(Math.floorMod(i + round, names.size()));
          try (Pop3Script s = Pop3Script.plain(f.pop3())) {
            long t = attempt.nanos(s, kinds.get(k));
            if (round >= 0) {
              nanos.get(k)[round] = t;
            }
          }
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    nanos.forEach((k, v) -> medians.put(k, percentile(v, 50) / 1e6));
    // The three kinds of a round ran back to back, so each round's ratio to the existing user
    // cancels what a shared VM's speed does over the minute the test takes (one clean run here
    // had medians within 1.2 % at 31 ms a check; another, on the same idle machine minutes later,
    // 84-95 ms a check and one median 12 % off, its rounds' ratios still centred on 1).
    Map<String, Double> ratios = new LinkedHashMap<>();
    long[] existing = nanos.get(names.get(0));
    for (String k : names.subList(1, names.size())) {
      long[] v = nanos.get(k);
      double[] r = new double[samples];
      for (int i = 0; i < samples; i++) {
        r[i] = (double) v[i] / existing[i];
      }
      Arrays.sort(r);
      ratios.put(k, r[samples / 2]);
    }
    System.out.printf("LoginTimingIT %s: medians (ms) %s, median per-round ratio to the existing user %s%n",
        name(attempt), medians, ratios);
    ratios.forEach((k, r) -> assertThat(r)
        .as("median of the rounds' %s / existing user, (medians, ms: %s)", k, medians)
        .isBetween(1 / 1.10, 1.10));
    for (String a : names) {
      for (String b : names) {
        // The middle 80 % of each overlap: a's 10th percentile is below b's 90th.
        assertThat(percentile(nanos.get(a), 10)).as("p10 of %s below p90 of %s (ms: %s)", a, b, medians)
            .isLessThan(percentile(nanos.get(b), 90));
      }
    }
  }

  private static String name(Attempt a) {
    return a == USER_PASS ? "USER/PASS" : a == APOP ? "APOP" : "AUTH PLAIN";
  }

  private static double percentile(long[] v, int p) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.round(p / 100.0 * (s.length - 1)))];
  }
}
