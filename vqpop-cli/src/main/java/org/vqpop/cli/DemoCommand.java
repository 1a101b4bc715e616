package org.vqpop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop demo}: a scratch mail home with the seed's sample domains and users, made through
 * the same code as the commands, each step printed as the seed's command it stands for.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Set up a scratch mail home with the seed's sample domains and users.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand VqpopCommand root;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to put it (must be empty; default: a new temporary directory).")
  @Nullable Path dir;

  @Override
  public Integer call() throws AdminException, IOException {
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
    admin.addDomain("oce.nl", "st1-jos.oce.nl", "oce.nl", "");
    step("popdom -a acme.com mail.acme.com acme.com acme");
    admin.addDomain("acme.com", "mail.acme.com", "acme.com", "acme");
    step("popdom -a isp.net pophost.isp.net mboxes.isp.net isp");
    admin.addDomain("isp.net", "pophost.isp.net", "mboxes.isp.net", "isp");

    user(admin, "acme.com", "joeuser", "joepass", false);
    user(admin, "acme.com", "maryann", "marysecret", true);
    user(admin, "oce.nl", "jos", "jospass", false);
    user(admin, "isp.net", "sue", "suepass", false);
    step("make");
    admin.rebuild();

    say("");
    show(home.virtualPopDomains());
    show(qmail.resolve("control/virtualdomains"));
    show(alias.resolve(".qmail-vdom-default"));
    show(qmail.resolve("users/assign"));
    say("");
    say("Logins: joeuser@acme.com / joepass, maryann@acme.com (APOP secret marysecret), jos@oce.nl / jospass,"
        + " sue@isp.net / suepass");
    say("Try: MAILHOME=" + mailhome + " QMAIL_HOME=" + qmail + " POP_USER=" + me + " ./vqpop user list");
    return 0;
  }

  private void user(Admin admin, String domain, String user, String pw, boolean apop) throws AdminException {
    if (apop) {
      step("mkpopdb -a -s " + domain + " " + user + " " + pw);
      admin.setSecret(domain, user, pw);
    } else {
      step("mkpopdb -a " + domain + " " + user + " " + pw);
      admin.setPassword(domain, user, pw.getBytes(StandardCharsets.UTF_8));
    }
    step("mkpopuser -a " + domain + " " + user);
    admin.createHome(domain, user);
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
