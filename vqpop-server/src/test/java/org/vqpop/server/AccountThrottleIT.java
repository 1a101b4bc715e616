package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.ConfigLoader;
import org.vqpop.config.VqpopConfig;
import org.vqpop.config.Limits;
import org.vqpop.config.ListenAddress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 4, guessing one account's password from many addresses: each client comes from
 * its own loopback address (127.0.0.x), so the per-address delay, which is on here too, never
 * gets past its first step; the per-account counter slows the account's failures from any
 * address once it has had {@code account_failures} of them, and a right password is answered at
 * once, even from an address that has just failed.
 */
class AccountThrottleIT {
  @TempDir Path dir;

  @Test
  void failuresFromManyAddressesSlowFurtherFailuresForThatAccountButNotItsUser() throws Exception {
    MailFixture mail = new MailFixture(dir);
    Path toml = dir.resolve("vqpop.toml");
    Files.writeString(toml, """
        [login]
        use_domain = true
        account_failures = 3
        account_failure_delay_ms = 800
        """);
    VqpopConfig config = ConfigLoader.read(toml, true).load().config()
        .mailhome(mail.root)
        .pop3(List.of(new ListenAddress("127.0.0.1", 0)))
        .limits(new Limits(Duration.ofMinutes(10), 100, 50, 10, Duration.ofMillis(100)))
        ;
    try (ServerFixture f = new ServerFixture(config)) {
      InetSocketAddress at = f.pop3();
      // Three failures, from three addresses: not slowed beyond the per-address first step.
      for (int i = 2; i <= 4; i++) {
        assertThat(login(at, i, MailFixture.ALICE, "guess" + i)).isLessThan(700);
      }
      // The account is throttled now: further failures wait, from fresh addresses too.
      assertThat(login(at, 5, MailFixture.ALICE, "guess5")).isGreaterThanOrEqualTo(800);
      assertThat(login(at, 6, MailFixture.ALICE, "guess6")).isGreaterThanOrEqualTo(1600);
      // Other accounts are not affected.
      assertThat(login(at, 7, "joe@acme.com", "guess7")).isLessThan(700);
      // The right password is answered at once, from a clean address and from one that failed.
      assertThat(login(at, 8, MailFixture.ALICE, MailFixture.ALICE_PW)).isLessThan(700);
      assertThat(login(at, 2, MailFixture.ALICE, MailFixture.ALICE_PW)).isLessThan(700);
      // Unknown users are counted and slowed the same way, so the delays do not tell them apart.
      for (int i = 10; i <= 12; i++) {
        assertThat(login(at, i, "nobody@example.org", "guess")).isLessThan(700);
      }
      assertThat(login(at, 13, "nobody@example.org", "guess")).isGreaterThanOrEqualTo(800);
    }
  }

  /**
   * USER and PASS from 127.0.0.{@code host}; the milliseconds from PASS to the answer, which
   * must be -ERR for a wrong password and +OK for a right one.
   */
  private static long login(InetSocketAddress at, int host, String user, String password) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + host), 0));
      s.connect(at, 5_000);
      s.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      assertThat(in.readLine()).startsWith("+OK");
      out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(in.readLine()).startsWith("+OK");
      long t0 = System.nanoTime();
      out.write(("PASS " + password + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String reply = in.readLine();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reply).startsWith(password.startsWith("guess") ? "-ERR [AUTH]" : "+OK");
      return ms;
    }
  }
}
