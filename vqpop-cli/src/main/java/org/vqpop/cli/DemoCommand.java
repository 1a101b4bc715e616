package org.vqpop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;
import org.vqpop.server.ListenAddress;
import org.vqpop.server.LoginSettings;
import org.vqpop.server.ServerAssembly;
import org.vqpop.server.ServerConfig;
import org.vqpop.server.ServerConfigBuilder;
import org.vqpop.server.tls.SelfSignedCertificate;
import org.vqpop.server.tls.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop demo}: a scratch mail home with the seed's sample domains and users, made through
 * the same code as the commands, each step printed as the seed's command it stands for.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Set up a scratch mail home with the seed's sample domains, users and messages, and serve it on 127.0.0.1.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand VqpopCommand root;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to put it (must be empty; default: a new temporary directory).")
  @Nullable Path dir;

  @Option(names = "--no-serve", description = "Set up only; do not start the server.")
  boolean noServe;

  @Option(names = "--pop3-port", paramLabel = "PORT", description = "POP3 port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int pop3Port = 1110;

  @Option(names = "--pop3s-port", paramLabel = "PORT", description = "POP3S port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int pop3sPort = 1995;

  @Override
  public Integer call() throws AdminException, IOException, InterruptedException {
    Path base = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("vqpop-demo-");
    if (Files.isDirectory(base)) {
      try (Stream<Path> s = Files.list(base)) {
        if (s.findAny().isPresent()) {
          throw AdminException.bad(base + " is not empty; give an empty or new directory with --dir");
        }
      }
    }
    Path mailhome = base.resolve("mailhome");
    Path qmail = base.resolve("qmail");
    Path alias = base.resolve("alias");
    for (Path p : new Path[] {mailhome, qmail.resolve("users"), qmail.resolve("control"), alias}) {
      Files.createDirectories(p);
    }
    String me = System.getProperty("user.name");
    Path passwdFile = root.ctx.env().containsKey("VQPOP_PASSWD_FILE")
        ? Path.of(root.ctx.env().get("VQPOP_PASSWD_FILE")) : Path.of("/etc/passwd");
    MailHome home = new MailHome(mailhome, qmail, me, alias, new PasswdFile(passwdFile));
    PasswordHasher hasher = PasswordHasher.defaults();
    Admin admin = new Admin(home, pw -> hasher.hash(PasswordScheme.ARGON2ID, pw), m -> say("  (" + m + ")"),
        Duration.ofSeconds(30));

    say("A scratch vqpop mail home in " + base + ", owned by " + me + " (the seed's 'alias').");
    say("Environment: MAILHOME=" + mailhome + " QMAIL_HOME=" + qmail + " POP_USER=" + me + " POP_HOME=" + alias);
    say("");
    step("cd " + mailhome);
    step("popdom -a oce.nl st1-jos.oce.nl oce.nl");
    admin.domains().add(VirtualDomain.of("oce.nl", "st1-jos.oce.nl", "oce.nl", ""), null);
    step("popdom -a acme.com mail.acme.com acme.com acme");
    admin.domains().add(VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme"), null);
    step("popdom -a isp.net pophost.isp.net mboxes.isp.net isp");
    admin.domains().add(VirtualDomain.of("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp"), null);

    user(admin, "acme.com", "joeuser", "joepass", false);
    user(admin, "acme.com", "maryann", "marysecret", true);
    user(admin, "oce.nl", "jos", "jospass", false);
    user(admin, "isp.net", "sue", "suepass", false);
    step("make");
    admin.rebuild(false);

    say("");
    show(home.virtualPopDomains());
    show(qmail.resolve("control/virtualdomains"));
    show(alias.resolve(".qmail-vdom-default"));
    show(qmail.resolve("users/assign"));
    say("");
    say("Logins: joeuser@acme.com / joepass, maryann@acme.com (APOP secret marysecret), jos@oce.nl / jospass,"
        + " sue@isp.net / suepass");
    say("Try: MAILHOME=" + mailhome + " QMAIL_HOME=" + qmail + " POP_USER=" + me + " ./vqpop user list");

    say("");
    Path joe = home.layout().home(admin.domains().get(Domain.of("acme.com")), UserName.of("joeuser"))
        .resolve("Maildir");
    sample(joe, 1, "Welcome to vqpop", "Your virtual POP mailbox works.\n.\nA line with only a dot, above, travels dot-stuffed.\n");
    sample(joe, 2, "Second message", "Delete me with DELE 2, then QUIT.\n");
    sample(home.layout().home(admin.domains().get(Domain.of("oce.nl")), UserName.of("jos")).resolve("Maildir"), 3,
        "Hello jos", "A message for jos@oce.nl.\n");
    say("Wrote sample messages into the Maildirs of joeuser@acme.com and jos@oce.nl.");
    Path tls = Files.createDirectories(base.resolve("tls"));
    Path cert = tls.resolve("cert.pem");
    Path key = tls.resolve("key.pem");
    try {
      SelfSignedCertificate.write(List.of("localhost", "mail.acme.com"), Duration.ofDays(30), cert, key);
    } catch (TlsException e) {
      throw new AdminException(AdminException.Kind.TEMPORARY, e.getMessage());
    }
    say("Wrote a self-signed certificate: " + cert + " and " + key);
    ServerConfig config = new ServerConfigBuilder()
        .mailhome(mailhome)
        .pop3(List.of(new ListenAddress("127.0.0.1", pop3Port)))
        .pop3s(List.of(new ListenAddress("127.0.0.1", pop3sPort)))
        .certificate(cert, key)
        .login(new LoginSettings(false, true, true, "@"))
        .build();
    say("");
    say("Server: vqpop serve --mailhome " + mailhome + " --pop3 127.0.0.1:" + pop3Port + " --pop3s 127.0.0.1:" + pop3sPort
        + " --tls-cert " + cert + " --tls-key " + key + " --use-domain --use-prefix");
    say("Fetch message 1:  curl pop3://joeuser%40acme.com:joepass@127.0.0.1:" + pop3Port + "/1");
    say("Over TLS:         curl -k pop3s://acme-joeuser:joepass@127.0.0.1:" + pop3sPort + "/1");
    say("List:             curl -k --ssl-reqd pop3://jos%40oce.nl:jospass@127.0.0.1:" + pop3Port + "/");
    if (noServe) {
      return 0;
    }
    ServerAssembly server = new ServerAssembly(config, ServerAssembly.backendsFor(config));
    ServeCommand.start(server);
    say("Serving on 127.0.0.1:" + pop3Port + " (POP3, STLS) and 127.0.0.1:" + pop3sPort + " (POP3S); Ctrl-C stops.");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(ServeCommand.SHUTDOWN_GRACE), "shutdown"));
    new java.util.concurrent.CountDownLatch(1).await();
    return 0;
  }

  /** A message as a delivery agent leaves it: written under tmp/, then renamed into new/. */
  private static void sample(Path maildir, int n, String subject, String body) throws IOException {
    String name = (1_700_000_000L + n) + ".M" + n + "P" + ProcessHandle.current().pid() + ".demo";
    String text = "From: demo@vqpop.invalid\nTo: you\nSubject: " + subject + "\n\n" + body;
    Path tmp = maildir.resolve("tmp").resolve(name);
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, maildir.resolve("new").resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private void user(Admin admin, String domain, String user, String pw, boolean apop) throws AdminException {
    Domain d = Domain.of(domain);
    UserName u = UserName.of(user);
    if (apop) {
      step("mkpopdb -a -s " + domain + " " + user + " " + pw);
      admin.users().setSecret(d, u, pw);
    } else {
      step("mkpopdb -a " + domain + " " + user + " " + pw);
      admin.users().setPassword(d, u, pw.getBytes(StandardCharsets.UTF_8));
    }
    step("mkpopuser -a " + domain + " " + user);
    admin.homes().create(d, u);
  }

  private static void step(String command) {
    say("# " + command);
  }

  private static void say(String s) {
    System.out.println(s);
  }

  private static void show(Path file) throws IOException {
    say("==> " + file + " <==");
    System.out.print(Files.readString(file, StandardCharsets.UTF_8));
  }
}
