package org.vqpop.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;

/**
 * A real mail home made with {@link Admin}: domain {@code example.org} with {@code alice}
 * (password {@code alicepw}) and {@code bob} (APOP secret {@code bobsecret}), and domain {@code
 * acme.com} (prefix {@code acme}) with {@code joe} (password {@code joepass}). Messages are files
 * written into {@code Maildir/new}, as a delivery agent leaves them.
 */
final class MailFixture {
  static final String ALICE = "alice@example.org";
  static final String ALICE_PW = "alicepw";
  static final String BOB = "bob@example.org";
  static final String BOB_SECRET = "bobsecret";

  final Path root;
  final MailHome home;
  private final Admin admin;
  private long sequence;

  MailFixture(Path dir) {
    try {
      root = dir.resolve("mailhome");
      Path qmail = dir.resolve("qmail");
      Files.createDirectories(root);
      Files.createDirectories(qmail.resolve("users"));
      Files.createDirectories(qmail.resolve("control"));
      Files.createDirectories(dir.resolve("alias"));
      home = new MailHome(root, qmail, System.getProperty("user.name"), dir.resolve("alias"), PasswdFile.SYSTEM);
      PasswordHasher hasher = PasswordHasher.defaults();
      // SHA-512-crypt: argon2id would cost ~100 ms per login, for nothing in these tests.
      admin = new Admin(home, pw -> hasher.hash(PasswordScheme.SHA512_CRYPT, pw), m -> {}, Duration.ofSeconds(10));
      admin.domains().add(VirtualDomain.of("example.org", "localhost", "example.org", ""), null);
      admin.domains().add(VirtualDomain.of("acme.com", "mail.acme.com", "acme.com", "acme"), null);
      admin.users().add(Domain.of("example.org"), UserName.of("alice"), ALICE_PW.getBytes(StandardCharsets.UTF_8),
          null, Quota.NONE);
      admin.users().add(Domain.of("example.org"), UserName.of("bob"), null, BOB_SECRET, Quota.NONE);
      admin.users().add(Domain.of("acme.com"), UserName.of("joe"), "joepass".getBytes(StandardCharsets.UTF_8), null,
          Quota.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AdminException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Maildir of {@code user@domain}. */
  Path maildir(String address) {
    String[] p = address.split("@");
    try {
      return home.layout().home(admin.domains().get(Domain.of(p[1])), UserName.of(p[0])).resolve("Maildir");
    } catch (AdminException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory of domain {@code name}, where its {@code quota} file goes. */
  Path domainDir(String name) {
    try {
      return home.layout().domainDir(admin.domains().get(Domain.of(name)));
    } catch (AdminException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a message into {@code new/}, older than the ones delivered after it (scan order). */
  Path deliver(String address, String content) {
    long n = ++sequence;
    Path file = maildir(address).resolve("new").resolve((1_700_000_000L + n) + ".M" + n + "P1.test");
    try {
      Files.writeString(file, content, StandardCharsets.ISO_8859_1);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(1000 - n)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Names of the messages in {@code new/} and {@code cur/}, without Maildir info. */
  List<String> messages(String address) {
    Path md = maildir(address);
    try (Stream<Path> n = Files.list(md.resolve("new")); Stream<Path> c = Files.list(md.resolve("cur"))) {
      return Stream.concat(n, c)
          .map(p -> p.getFileName().toString())
          .filter(s -> !s.startsWith("."))
          .map(s -> s.contains(":") ? s.substring(0, s.indexOf(':')) : s)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(Path message) {
    return message.getFileName().toString();
  }

  /** A builder with this mail home, one plain listener on a free loopback port, no delays. */
  ServerConfigBuilder config() {
    return new ServerConfigBuilder()
        .mailhome(root)
        .pop3(List.of(new ListenAddress("127.0.0.1", 0)))
        .login(new LoginSettings(false, true, true, "@"))
        .limits(new Limits(Duration.ofMinutes(10), 100, 50, 10, Duration.ZERO));
  }
}
