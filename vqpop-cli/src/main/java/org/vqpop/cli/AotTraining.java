package org.vqpop.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vqpop.mailhome.AdminException;
import org.vqpop.cli.common.Context;
import org.vqpop.server.ServerAssembly;
import org.vqpop.config.VqpopConfig;
import org.vqpop.server.tls.SelfSignedCertificate;
import picocli.CommandLine;

/**
 * The training run of the JDK's AOT cache (JDK 25, JEP 483/515): the work that {@code bin/vqpop
 * aot} runs under {@code -XX:AOTMode=record}, so that the cache holds the classes, linkage and
 * method profiles a real run needs. Both workloads run on a scratch mail home of their own under
 * the directory given, never the configured one, and read no configuration file.
 *
 * <ul>
 *   <li>{@link #serve}: an in-process server (POP3, POP3S, LMTP on loopback, a self-signed
 *       certificate) and clients over real sockets: LMTP deliveries, POP3 logins by USER/PASS
 *       (argon2id), APOP and AUTH PLAIN, STLS, STAT/LIST/UIDL/RETR/TOP/DELE/QUIT on mail named
 *       both as vqpop's deliverer and as qmail-local names it, a failed login.
 *   <li>{@link #admin}: the administrative commands and the seed's, in-process, as an
 *       administrator runs them: init, popdom, mkpopdb, mkpopuser, user and domain add, list (text
 *       and JSON), show, quota, rebuild, import, deliver, chkpoppass.
 * </ul>
 *
 * <p>Any unexpected reply or exit code fails the run (exit 111), and the launcher then keeps no
 * cache: a cache recorded from a run that went wrong would train the error paths.
 */
final class AotTraining {
  private AotTraining() {}

  private static final String DOMAIN = "train.example";
  private static final int THREADS = 4;

  /** The scratch mail home: its directories, a passwd file naming the current account, the env. */
  private static Map<String, String> scratch(Path work, boolean unprivileged) throws IOException {
    Files.createDirectories(work.resolve("qmail/users"));
    Files.createDirectories(work.resolve("qmail/control"));
    Files.createDirectories(work.resolve("pophome"));
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    if (unprivileged && uid == 0) {
      // chkpoppass refuses to run a program as root: as root, the pop account is nobody's ids.
      uid = 65534;
      gid = 65534;
      for (String d : new String[] {"", "qmail", "qmail/users", "qmail/control", "pophome"}) {
        Files.setAttribute(work.resolve(d), "unix:uid", uid);
        Files.setAttribute(work.resolve(d), "unix:gid", gid);
      }
    }
    Path passwd = work.resolve("passwd");
    Files.writeString(passwd, "vqtrain:*:" + uid + ":" + gid + ":training:" + work.resolve("pophome") + ":/bin/sh\n");
    Path conf = work.resolve("vqpop.toml");
    Files.writeString(conf, "[passwords]\nscheme = \"argon2id\"\n");
    Map<String, String> env = new HashMap<>();
    env.put("MAILHOME", work.resolve("mailhome").toString());
    env.put("QMAIL_HOME", work.resolve("qmail").toString());
    env.put("POP_USER", "vqtrain");
    env.put("POP_HOME", work.resolve("pophome").toString());
    env.put("VQPOP_PASSWD_FILE", passwd.toString());
    env.put("VQPOP_CONFIG", conf.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  /** Runs one command in-process; its exit code must be {@code expected}. */
  private static void command(Map<String, String> env, @org.jspecify.annotations.Nullable String stdin, int expected,
      String name, String... args) {
    InputStream oldIn = System.in;
    if (stdin != null) {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      int code = Launcher.run(name, args, env);
      if (code != expected) {
        throw new TrainingFailed(name + " " + String.join(" ", args) + " exited " + code + ", expected " + expected);
      }
    } finally {
      System.setIn(oldIn);
    }
  }

  static final class TrainingFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainingFailed(String message) {
      super(message);
    }
  }

  /** A message of about {@code size} bytes with LF line ends, dot lines and a base64-like body. */
  static String message(int n, int size) {
    StringBuilder b = new StringBuilder(size + 200);
    b.append("Received: from training.localhost by train.example\n")
        .append("From: Training <training@localhost>\nTo: user").append(n).append('@').append(DOMAIN)
        .append("\nSubject: training message ").append(n).append("\nMessage-ID: <").append(n).append("@training>\n\n");
    b.append("Hello,\n.a line that starts with a dot\n.\n");
    int i = 0;
    while (b.length() < size) {
      b.append(i % 7 == 0 ? "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\n"
          : "the quick brown fox jumps over the lazy dog " + i + "\n");
      i++;
    }
    return b.toString();
  }

  /** The server's workload: returns 0, or throws. */
  static int serve(Path work, Duration length, PrintStream err) throws Exception {
    Map<String, String> env = scratch(work, false);
    PrintStream oldOut = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    try {
      command(env, null, 0, "vqpop", "init");
    } finally {
      System.setOut(oldOut);
    }
    command(env, null, 0, "popdom", "-a", DOMAIN, "pop." + DOMAIN);
    command(env, null, 0, "popdom", "-a", "other.example", "pop.other.example", "other.example", "oth");
    for (int t = 0; t < THREADS; t++) {
      command(env, null, 0, "mkpopdb", "-a", DOMAIN, "user" + t, "pw" + t);
      command(env, null, 0, "mkpopuser", "-a", DOMAIN, "user" + t);
      command(env, null, 0, "mkpopdb", "-a", "-s", DOMAIN, "apop" + t, "secret" + t);
      command(env, null, 0, "mkpopuser", "-a", DOMAIN, "apop" + t);
      // Mail as qmail-local names it (no size in the name): the login reads it to count its size.
      Path cur = work.resolve("mailhome/" + DOMAIN + "/u/user" + t + "/Maildir/cur");
      for (int m = 0; m < 30; m++) {
        Files.writeString(cur.resolve((1_700_000_000 + m) + "." + (1000 + m) + ".train.localhost:2,"),
            message(m, 2_000 + 3_000 * (m % 10)));
      }
    }
    Path cert = work.resolve("cert.pem");
    Path key = work.resolve("key.pem");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);

    VqpopCommand root = new VqpopCommand(new Context("vqpop", env, err));
    CommandLine.ParseResult parsed = new CommandLine(root).parseArgs("serve", "--pop3", "127.0.0.1:0",
        "--pop3s", "127.0.0.1:0", "--lmtp", "127.0.0.1:0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
        "--use-domain", "--login-failure-delay-ms", "0", "--max-connections-per-ip", "1000");
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    VqpopConfig config = serve.config();
    try (ServerAssembly server = new ServerAssembly(config)) {
      ServeCommand.start(server);
      InetSocketAddress pop3 = server.pop3Addresses().get(0);
      InetSocketAddress pop3s = server.pop3sAddresses().get(0);
      InetSocketAddress lmtp = server.lmtpAddresses().get(0);
      long end = System.nanoTime() + length.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int me = t;
          done.add(pool.submit(() -> sessions(me, pop3, pop3s, lmtp, end)));
        }
        int rounds = 0;
        for (Future<Integer> f : done) {
          rounds += f.get();
        }
        err.println("vqpop aot: serve training: " + rounds + " rounds on " + THREADS + " threads");
      } finally {
        pool.shutdownNow();
      }
      server.stop(Duration.ofSeconds(2));
    }
    return 0;
  }

  /** One client thread's rounds until {@code end}; at least 20 rounds. */
  private static int sessions(int t, InetSocketAddress pop3, InetSocketAddress pop3s, InetSocketAddress lmtp,
      long end) throws IOException {
    String user = "user" + t + "@" + DOMAIN;
    String apop = "apop" + t + "@" + DOMAIN;
    int round = 0;
    while (round < 20 || System.nanoTime() < end) {
      try (TrainingClient c = TrainingClient.connect(lmtp)) {
        c.lmtpHello();
        for (int m = 0; m < 4; m++) {
          c.lmtpDeliver(m % 2 == 0 ? user : apop, message(m, new int[] {800, 12_000, 60_000, 250_000}[m]));
        }
        c.expect("QUIT", "221");
      }
      try (TrainingClient c = TrainingClient.connect(pop3)) {
        if (round % 5 == 0) {
          c.multiLine("CAPA");
        }
        c.ok("USER " + user);
        c.ok("PASS pw" + t);
        int n = Integer.parseInt(c.ok("STAT").split(" ")[1]);
        c.multiLine("LIST");
        c.multiLine("UIDL");
        for (int i = 1; i <= n; i++) {
          c.multiLine("RETR " + i);
        }
        c.multiLine("TOP 1 5");
        c.ok("LIST 1");
        c.ok("UIDL " + n);
        c.ok("NOOP");
        c.expect("BOGUS", "-ERR");
        // Keep the qmail-named mail (30 messages); delete what LMTP brought.
        for (int i = 31; i <= n; i++) {
          c.ok("DELE " + i);
        }
        c.ok("QUIT");
      }
      try (TrainingClient c = TrainingClient.connect(pop3)) {
        c.ok("APOP " + apop + " " + c.apopDigest("secret" + t));
        int n = Integer.parseInt(c.ok("STAT").split(" ")[1]);
        c.multiLine("UIDL");
        for (int i = 1; i <= n; i++) {
          c.multiLine("RETR " + i);
          c.ok("DELE " + i);
        }
        c.ok("QUIT");
      }
      if (round % 4 == 0) {
        try (TrainingClient c = TrainingClient.connect(pop3)) {
          String plain = java.util.Base64.getEncoder()
              .encodeToString(("\0" + user + "\0pw" + t).getBytes(StandardCharsets.UTF_8));
          c.ok("AUTH PLAIN " + plain);
          c.ok("STAT");
          c.ok("RSET");
          c.ok("QUIT");
        }
      }
      if (round < 4) {
        // A few failed logins: more than five in 15 minutes would throttle the account.
        try (TrainingClient c = TrainingClient.connect(pop3)) {
          c.ok("USER " + user);
          c.expect("PASS wrong", "-ERR");
          c.ok("QUIT");
        }
      }
      if (round % 8 == 0) {
        try (TrainingClient c = TrainingClient.connect(pop3)) {
          c.startTls();
          c.ok("USER " + user);
          c.ok("PASS pw" + t);
          c.multiLine("RETR 1");
          c.ok("QUIT");
        }
        try (TrainingClient c = TrainingClient.connectTls(pop3s)) {
          c.ok("APOP " + apop + " " + c.apopDigest("secret" + t));
          c.ok("STAT");
          c.ok("QUIT");
        }
      }
      round++;
    }
    return round;
  }

  /** The administrative commands' workload, in-process, standard output discarded. */
  static int admin(Path work, PrintStream err) throws Exception {
    PrintStream oldOut = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    try {
      Map<String, String> env = Map.of();
      for (int i = 0; i < 2; i++) {
        env = adminRound(work.resolve("round" + i));
      }
      // Last: a successful chkpoppass gives this process up to the user's ids to run PROGRAM. As
      // root that is nobody's, who may be unable to reach the home under DIR (111): that run still
      // went through the whole login.
      int code = Launcher.run("chkpoppass", new String[] {"-d", "joe", "joepass", "", "/bin/true"}, env);
      if (code != 0 && code != 111) {
        throw new TrainingFailed("chkpoppass -d joe joepass '' /bin/true exited " + code);
      }
    } finally {
      System.setOut(oldOut);
    }
    err.println("vqpop aot: admin training: 2 rounds");
    return 0;
  }

  private static Map<String, String> adminRound(Path work) throws Exception {
    Map<String, String> env = scratch(work, true);
    command(env, null, 0, "vqpop", "init");
    command(env, null, 0, "popdom", "-a", DOMAIN, "pop." + DOMAIN);
    command(env, null, 0, "popdom", "-a", "acme.com", "mail.acme.com", "acme.com", "acme");
    command(env, null, 0, "popdom", "-l");
    command(env, null, 0, "mkpopdb", "-a", DOMAIN, "joe", "joepass");
    command(env, null, 0, "mkpopuser", "-a", DOMAIN, "joe");
    command(env, null, 0, "mkpopdb", "-a", "-s", DOMAIN, "mary", "marysecret");
    command(env, null, 0, "mkpopuser", "-a", DOMAIN, "mary");
    command(env, "annpass\n", 0, "vqpop", "user", "add", "ann@acme.com");
    command(env, "annsecret\n", 0, "vqpop", "user", "passwd", "ann@acme.com", "--apop");
    command(env, null, 0, "vqpop", "user", "list");
    command(env, null, 0, "vqpop", "user", "list", "--json");
    command(env, null, 0, "vqpop", "user", "show", "joe@" + DOMAIN, "--json");
    command(env, null, 0, "vqpop", "user", "show", "ann@acme.com");
    command(env, null, 0, "vqpop", "domain", "list");
    command(env, null, 0, "vqpop", "domain", "list", "--json");
    command(env, null, 0, "vqpop", "domain", "show", DOMAIN);
    command(env, null, 0, "vqpop", "domain", "quota", DOMAIN, "100M");
    command(env, null, 0, "vqpop", "user", "quota", DOMAIN, "joe", "10M,1000");
    command(env, null, 0, "vqpop", "user", "quota", DOMAIN, "joe");
    command(env, message(1, 3_000), 0, "vqpop", "deliver", "joe@" + DOMAIN);
    command(env, null, 1, "chkpoppass", "-d", "joe", "wrong", "", "/bin/true");
    command(env, "bob:x:x:bobsecret\ncarol:x:x:carolsecret\n", 0, "vqpop", "import", "mhpop", "acme.com");
    command(env, null, 0, "vqpop", "rebuild");
    command(env, null, 0, "vqpop", "user", "remove", "bob@acme.com");
    command(env, null, 0, "mkpopuser", "-d", DOMAIN, "mary");
    command(env, null, 0, "mkpopdb", "-d", DOMAIN, "mary");
    command(env, null, 0, "popdom", "-d", "-f", "acme.com");
    command(env, null, 1, "vqpop", "user", "show", "nobody@" + DOMAIN);
    return env;
  }
}
