package org.vqpop.bench.gen;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.wire.MessageSize;

/**
 * Writes the benchmark's mail home under {@code DIR/master}: domains and users through vqpop's
 * own commands ({@code vqpop domain add}, {@code vqpop import passwd} with hashes made by vqpop's
 * {@link PasswordHasher} in the chosen scheme, {@code vqpop import mhpop} for the APOP users),
 * then message files straight into the Maildirs. Also {@code DIR/users.txt}
 * ({@code kind login secret} lines for the load client). Everything but the password salts is
 * a function of {@code --seed}.
 */
public final class Generate {
  private Generate() {}

  /**
   * One user to create: kind (user, apop, dl, big, del), domain, name, secret, messages, size, and
   * who named the messages.
   */
  record Spec(String kind, String domain, String name, String secret, int messages, int size, MailKind mail) {
    String login() {
      return name + "@" + domain;
    }
  }

  public static void main(String[] argv) throws Exception {
    Opts o = new Opts(argv);
    Path dir = Path.of(o.get("dir"));
    long seed = Long.parseLong(o.get("seed", "42"));
    int domains = o.integer("domains", 4);
    PasswordScheme scheme = PasswordScheme.fromConfigName(o.get("scheme", "argon2id"));
    Path master = dir.resolve("master");
    Path mailhome = master.resolve("mailhome");
    Files.createDirectories(mailhome);
    Files.createDirectories(master.resolve("qmail/users"));
    Files.createDirectories(master.resolve("qmail/control"));
    Files.createDirectories(master.resolve("pophome"));
    Path config = dir.resolve("vqpop.toml");
    Files.writeString(config, "[passwords]\nscheme = \"" + scheme.configName() + "\"\n");
    Vqpop vqpop = new Vqpop(Path.of(o.get("vqpop")), Map.of("MAILHOME", mailhome.toString(),
        "QMAIL_HOME", master.resolve("qmail").toString(), "POP_HOME", master.resolve("pophome").toString(),
        "POP_USER", o.get("pop-user", "vqbench"), "VQPOP_CONFIG", config.toString()), dir.resolve("gen.log"));

    List<String> domainNames = new ArrayList<>();
    for (int k = 1; k <= domains; k++) {
      String d = "dom" + k + ".example";
      domainNames.add(d);
      vqpop.run("domain", "add", d, "pop." + d);
    }
    SplittableRandom r = new SplittableRandom(seed);
    List<Spec> specs = new ArrayList<>();
    // The mail of the ordinary, APOP and download users (W1, W2, W4) is named by one deliverer;
    // the large maildrops of W3 and W5 exist once for each kind asked for (bigqmail100000, ...).
    MailKind userMail = MailKind.of(o.get("user-kind", "qmail"));
    List<MailKind> kinds = MailKind.list(o.get("kinds", "qmail,postfix,dovecot,vqpop,mix"));
    int users = o.integer("users", 256);
    for (int i = 0; i < users; i++) {
      specs.add(new Spec("user", domainNames.get(i % domains), "user" + i, secret(r), o.integer("msgs", 20),
          o.integer("msg-size", 4096), userMail));
    }
    String d1 = domainNames.get(0);
    for (int i = 0, n = o.integer("dl", 9); i < n; i++) {
      specs.add(new Spec("dl", d1, "dl" + i, secret(r), o.integer("dl-msgs", 2000), o.integer("dl-size", 50 * 1024),
          userMail));
    }
    for (MailKind k : kinds) {
      for (String n : o.get("big", "100000").split(",")) {
        specs.add(new Spec("big", d1, "big" + k.id() + n, secret(r), Integer.parseInt(n), 2048, k));
      }
      int del = o.integer("del", 10000);
      specs.add(new Spec("del", d1, "del" + k.id() + del, secret(r), del, 2048, k));
    }
    for (int i = 0, n = o.integer("apop", 5000); i < n; i++) {
      specs.add(new Spec("apop", domainNames.get(i % domains), "apop" + i, secret(r), 2, 4096, userMail));
    }

    importUsers(vqpop, dir.resolve("import"), domainNames, specs, scheme);
    StringBuilder usersTxt = new StringBuilder();
    for (Spec s : specs) {
      usersTxt.append(s.kind()).append(' ').append(s.login()).append(' ').append(s.secret()).append('\n');
    }
    Files.writeString(dir.resolve("users.txt"), usersTxt);

    long t0 = System.nanoTime();
    Path dl0 = null;
    List<Spec> rest = new ArrayList<>();
    for (Spec s : specs) {
      if (s.kind().equals("dl") && dl0 != null) {
        linkAll(dl0, maildir(mailhome, s));
      } else if (s.kind().equals("dl")) {
        dl0 = maildir(mailhome, s);
        fill(mailhome, s, seed);
      } else {
        rest.add(s);
      }
    }
    rest.parallelStream().forEach(s -> {
      try {
        fill(mailhome, s, seed);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    System.err.printf("generate: messages written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static String secret(SplittableRandom r) {
    byte[] b = new byte[9];
    r.nextBytes(b);
    return "pw" + HexFormat.of().formatHex(b);
  }

  private static void importUsers(Vqpop vqpop, Path importDir, List<String> domains, List<Spec> specs,
      PasswordScheme scheme) throws Exception {
    Files.createDirectories(importDir);
    PasswordHasher hasher = PasswordHasher.defaults();
    long t0 = System.nanoTime();
    List<String> hashes = specs.parallelStream()
        .map(s -> s.kind().equals("apop") ? "" : hasher.hash(scheme, s.secret().getBytes(StandardCharsets.UTF_8)))
        .toList();
    System.err.printf("generate: %s hashes in %.1f s%n", scheme.configName(), (System.nanoTime() - t0) / 1e9);
    for (String d : domains) {
      Map<String, StringBuilder> files = new LinkedHashMap<>();
      for (int i = 0; i < specs.size(); i++) {
        Spec s = specs.get(i);
        if (!s.domain().equals(d)) {
          continue;
        }
        if (s.kind().equals("apop")) {
          // MH POP account line; field 4 becomes the APOP secret (mkpopdb -a -s)
          files.computeIfAbsent("mhpop", k -> new StringBuilder())
              .append(s.name()).append(":x:").append(20000 + i).append(':').append(s.secret()).append(":Bench\n");
        } else {
          files.computeIfAbsent("passwd", k -> new StringBuilder())
              .append(s.name()).append(':').append(hashes.get(i)).append('\n');
        }
      }
      for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
        Path p = importDir.resolve(f.getKey() + "-" + d + ".txt");
        Files.writeString(p, f.getValue());
        vqpop.run("import", f.getKey(), d, p.toString());
      }
    }
  }

  static Path maildir(Path mailhome, Spec s) {
    return mailhome.resolve(s.domain()).resolve(s.name().substring(0, 1)).resolve(s.name()).resolve("Maildir");
  }

  /**
   * Writes a user's messages, named as the spec's deliverer names them ({@link MailKind}), mtime =
   * the delivery time the name starts with. Mail a POP3 client has seen and left on the server is
   * in {@code cur/} with {@code :2,} (qmail-pop3d and vqpop move it there at QUIT, Dovecot when it
   * opens the maildrop): the older half of an ordinary user's mail, and all but the newest 10% of a
   * large maildrop (big, del: a mailbox a user has been leaving mail in for a long time). Download
   * users (W2) have all of it in {@code new/}.
   */
  static void fill(Path mailhome, Spec s, long seed) throws IOException {
    Path md = maildir(mailhome, s);
    if (!Files.isDirectory(md.resolve("new"))) {
      throw new IOException("no Maildir made by vqpop at " + md);
    }
    SplittableRandom r = new SplittableRandom(seed * 31 + s.login().hashCode());
    long time = 1_600_000_000L + r.nextInt(50_000_000);
    MailKind.State names = new MailKind.State(r);
    boolean ordinary = s.kind().equals("user") || s.kind().equals("apop");
    int seenBefore = ordinary ? s.messages() / 2 : s.kind().equals("dl") ? 0 : s.messages() - s.messages() / 10;
    for (int i = 0; i < s.messages(); i++) {
      time += 1 + r.nextInt(ordinary ? 36_000 : 120);
      int size = ordinary
          ? (int) Math.max(600, Math.min(20.0 * s.size(), s.size() * Math.exp(0.8 * r.nextGaussian())))
          : (int) (s.size() * (0.9 + 0.2 * r.nextDouble()));
      int e = r.nextInt(100);
      Messages.Ending ending = e < 85 ? Messages.Ending.LF : e < 95 ? Messages.Ending.CRLF : Messages.Ending.MIXED;
      byte[] msg = Messages.message(r, size, s.login(), ending,
          java.time.Instant.ofEpochSecond(time));
      long w = MessageSize.of(new ByteArrayInputStream(msg));
      String base = s.mail().base(i, s.messages(), time, msg.length, w, r, names);
      boolean seen = i < seenBefore;
      Path file = seen ? md.resolve("cur").resolve(base + ":2,") : md.resolve("new").resolve(base);
      Files.write(file, msg);
      Files.setLastModifiedTime(file, FileTime.from(time, TimeUnit.SECONDS));
    }
  }

  private static void linkAll(Path from, Path to) throws IOException {
    for (String sub : new String[] {"new", "cur"}) {
      try (var files = Files.list(from.resolve(sub))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.createLink(to.resolve(sub).resolve(f.getFileName()), f);
        }
      }
    }
  }
}
