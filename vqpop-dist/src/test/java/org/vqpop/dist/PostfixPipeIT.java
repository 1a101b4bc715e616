package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vqpop deliver} behind a real Postfix pipe(8) transport, configured as the README says
 * ({@code flags=DRhu}, one recipient per delivery): mail submitted with swaks over SMTP to a
 * private Postfix on a loopback port. What Postfix's log says for each recipient (the DSN it took
 * from the command's exit status and output) and the headers of the stored copies.
 */
class PostfixPipeIT {
  @TempDir Path tmp;

  @Test
  void postfixPipeDeliversBouncesWithTheRightStatusAndDefersConfigurationProblems() throws Exception {
    assumeTrue(PostfixIT.runnable(), "Postfix end-to-end test needs root, /usr/sbin/postfix and swaks "
        + "(apt-get install postfix swaks); .ci/run installs them");
    // pipe(8) refuses to run a command as root or as Postfix's own accounts: the mail home
    // belongs to nobody here, as it belongs to alias in the README.
    int uid = PostfixIT.uid("nobody");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Sandbox s = new Sandbox(tmp, uid, uid);
    s.seedDomains();
    s.input("joepass\n", "vqpop", "user", "add", "joeuser@acme.com").ok();
    s.input("marypass\n", "vqpop", "user", "add", "mary@acme.com").ok();
    s.run("vqpop", "user", "quota", "acme.com", "mary", "100").ok();
    // Where vqpop deliver finds its settings under an MTA, whose environment has no MAILHOME:
    // the configuration file (here given with --config, else /etc/vqpop/vqpop.toml).
    Path conf = tmp.resolve("deliver.toml");
    Files.writeString(conf, "mailhome = \"" + s.mailhome + "\"\n");

    Path pfx = Files.createTempDirectory(Path.of("/var/tmp"), "vqpop-postfix-");
    Files.setPosixFilePermissions(pfx, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path etc = pfx.resolve("etc");
    Path log = pfx.resolve("maillog");
    int smtp = ServeIT.freePort();
    String vqpop = Sandbox.DIST.resolve("bin/vqpop").toString();
    try {
      PostfixIT.writePostfixConfig(pfx, smtp, List.of(
          "virtual_mailbox_domains = acme.com broken.test",
          "virtual_transport = vqpop",
          "vqpop_destination_recipient_limit = 1",
          "vqpopbroken_destination_recipient_limit = 1",
          "transport_maps = inline:{ broken.test=vqpopbroken: }",
          "default_transport = discard", // bounces to example.org stay here
          "relay_transport = discard"), List.of(
          "vqpop unix - n n - - pipe",
          "  flags=DRhu user=nobody null_sender= argv=" + vqpop + " deliver --sysexits --config " + conf
              + " -f ${sender} ${recipient}",
          // The same, run where the mail home is not: a configuration problem, never a bounce.
          "vqpopbroken unix - n n - - pipe",
          "  flags=DRhu user=nobody null_sender= argv=" + vqpop + " deliver --sysexits --mailhome " + tmp.resolve("nowhere")
              + " -f ${sender} ${recipient}"));
      Sandbox.Result start = s.exec(null, tmp, List.of("/usr/sbin/postfix", "-c", etc.toString(), "start"));
      assertThat(start.code()).as("postfix start: %s %s", start.out(), start.err()).isZero();
      for (int i = 0; i < 200 && !PostfixIT.listening(smtp); i++) {
        Thread.sleep(100);
      }

      send(s, smtp, "bob@example.org", "joeuser@acme.com", "plain", List.of());
      send(s, smtp, "bob@example.org", "JoeUser+News@acme.com", "extension", List.of());
      send(s, smtp, "", "joeuser@acme.com", "a bounce", List.of());
      send(s, smtp, "bob@example.org", "nobody@acme.com", "unknown", List.of());
      send(s, smtp, "bob@example.org", "mary@acme.com", "full", List.of());
      // A message that was delivered to joeuser before and came back to one of its addresses.
      send(s, smtp, "bob@example.org", "joeuser+loop@acme.com", "looping",
          List.of("--add-header", "Delivered-To: joeuser@acme.com"));
      send(s, smtp, "bob@example.org", "joe@broken.test", "misconfigured", List.of());

      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("joeuser@acme.com", "status=sent (delivered via vqpop service)");
      expected.put("joeuser+news@acme.com", "status=sent (delivered via vqpop service)");
      // pipe(8) logs the command's output with its line end as a space: "(... user unknown )".
      expected.put("nobody@acme.com", "dsn=5.1.1, status=bounced (<nobody@acme.com> user unknown");
      expected.put("mary@acme.com", "dsn=5.2.2, status=bounced (<mary@acme.com> mailbox full");
      expected.put("joeuser+loop@acme.com",
          "dsn=5.4.6, status=bounced (<joeuser@acme.com> mail loop: already delivered to this address");
      expected.put("joe@broken.test", "dsn=4.3.5, status=deferred (<joe@broken.test> mail system configuration error");
      Map<String, String> seen = awaitLog(log, expected.keySet(), 240_000);
      String all = Files.exists(log) ? Files.readString(log) : "(no log)";
      for (Map.Entry<String, String> e : expected.entrySet()) {
        assertThat(seen.get(e.getKey())).as("%s in Postfix's log:%n%s", e.getKey(), all).contains(e.getValue());
      }
      assertThat(seen.get("joe@broken.test")).contains(tmp.resolve("nowhere") + " does not exist");
      // joeuser@acme.com got two: the plain message and the bounce (null sender); each shows up
      // as sent, so wait for the three files.
      Path joeNew = s.mailhome.resolve("acme.com/j/joeuser/Maildir/new");
      List<String> stored = awaitFiles(joeNew, 3, 120_000);
      assertThat(stored).hasSize(3);
      for (String m : stored) {
        List<String> header = header(m);
        assertThat(header.stream().filter(h -> h.startsWith("Return-Path:"))).as(m).hasSize(1);
        assertThat(header.stream().filter(h -> h.regionMatches(true, 0, "Delivered-To:", 0, 13))).as(m)
            .containsExactly("Delivered-To: joeuser@acme.com");
        assertThat(header.get(1)).isEqualTo("Delivered-To: joeuser@acme.com");
      }
      assertThat(bySubject(stored, "plain").get(0)).isEqualTo("Return-Path: <bob@example.org>");
      assertThat(bySubject(stored, "extension").get(0)).isEqualTo("Return-Path: <bob@example.org>");
      assertThat(bySubject(stored, "a bounce").get(0)).isEqualTo("Return-Path: <>");
      assertThat(s.mailhome.resolve("acme.com/m/mary/Maildir/new")).isEmptyDirectory();
    } finally {
      s.exec(null, tmp, List.of("/usr/sbin/postfix", "-c", etc.toString(), "abort"));
      s.exec(null, tmp, List.of("rm", "-rf", pfx.toString()));
    }
  }

  static void send(Sandbox s, int smtp, String from, String to, String subject, List<String> more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1:" + smtp, "--from", from.isEmpty() ? "<>" : from,
        "--to", to, "--h-Subject", subject, "--body", "Hello through pipe(8).\n"));
    cmd.addAll(more);
    assertThat(s.exec(null, s.root, cmd).ok().out()).contains("250 2.0.0 Ok: queued");
  }

  /** For each recipient, its first line in Postfix's log that says sent, bounced or deferred. */
  static Map<String, String> awaitLog(Path log, java.util.Collection<String> rcpts, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    Map<String, String> seen = new LinkedHashMap<>();
    while (true) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          for (String r : rcpts) {
            // Postfix logs the address as it came (JoeUser+News@...), the command gets it in lower case.
            if (!seen.containsKey(r) && line.toLowerCase(java.util.Locale.ROOT).contains(" to=<" + r + ">")
                && line.contains(" status=")) {
              seen.put(r, line);
            }
          }
        }
      }
      if (seen.keySet().containsAll(rcpts) || System.currentTimeMillis() > deadline) {
        return seen;
      }
      Thread.sleep(250);
    }
  }

  static List<String> awaitFiles(Path dir, int count, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      List<Path> files;
      try (Stream<Path> f = Files.list(dir)) {
        files = f.sorted().toList();
      }
      if (files.size() >= count || System.currentTimeMillis() > deadline) {
        List<String> out = new ArrayList<>();
        for (Path p : files) {
          out.add(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return out;
      }
      Thread.sleep(250);
    }
  }

  /** The header lines up to the empty line (folded lines as they are). */
  static List<String> header(String message) {
    List<String> out = new ArrayList<>();
    for (String l : message.split("\n", -1)) {
      if (l.isEmpty()) {
        break;
      }
      out.add(l);
    }
    return out;
  }

  static List<String> bySubject(List<String> messages, String subject) {
    return messages.stream().filter(m -> header(m).contains("Subject: " + subject)).map(PostfixPipeIT::header)
        .findFirst().orElseThrow(() -> new AssertionError("no message with Subject: " + subject + " in " + messages));
  }
}
