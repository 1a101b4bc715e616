package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vqpop.auth.password.ExternalTool.line;
import static org.vqpop.auth.password.ExternalTool.require;
import static org.vqpop.auth.password.ExternalTool.run;
import static org.vqpop.auth.password.TestHashers.utf8;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our hashes must be accepted by the real tools: perl's crypt() (the system's libxcrypt, an
 * implementation independent of commons-codec and Bouncy Castle) recomputes them, openssl
 * recomputes SHA-crypt from our salt, and the argon2 reference CLI recomputes argon2id from our
 * salt and parameters to the same encoded string.
 */
class ToolInteropTest {

  private static final String[] PASSWORDS = {"correct horse", "pässwörd ✓ 🔑", ""};

  /** crypt(password read raw from stdin, hash) as perl's built-in crypt computes it. */
  private static String perlCrypt(byte[] password, String stored) {
    return run(password, "perl", "-e",
        "binmode STDIN; my $pw = join '', <STDIN>; print crypt($pw, $ARGV[0]) // 'undef'",
        stored);
  }

  @ParameterizedTest
  @EnumSource(value = PasswordScheme.class,
      names = {"SHA512_CRYPT", "SHA256_CRYPT", "BCRYPT", "YESCRYPT"})
  void libxcryptAcceptsOurHashes(PasswordScheme scheme) {
    require("perl", "perl-base");
    LibcryptTest.requireLibcrypt();
    PasswordHasher hasher = TestHashers.cheap();
    for (String password : PASSWORDS) {
      String stored = hasher.hash(scheme, utf8(password));
      assertThat(perlCrypt(utf8(password), stored)).isEqualTo(stored);
      assertThat(perlCrypt(utf8(password + "x"), stored)).isNotEqualTo(stored);
    }
  }

  @ParameterizedTest
  @CsvSource({"SHA512_CRYPT, -6", "SHA256_CRYPT, -5"})
  void opensslRecomputesOurShaCrypt(PasswordScheme scheme, String flag) {
    require("openssl", "openssl");
    PasswordHasher hasher = PasswordHasher.defaults();
    for (String password : new String[] {"correct horse", "pässwörd ✓ 🔑"}) {
      String stored = hasher.hash(scheme, utf8(password));
      String salt = stored.split("\\$")[2];
      assertThat(run(line(utf8(password)), "openssl", "passwd", flag, "-salt", salt, "-stdin"))
          .isEqualTo(stored);
    }
  }

  @ParameterizedTest
  @CsvSource({"64, 1, 1", "256, 3, 2", "19456, 2, 1"})
  void argon2CliRecomputesOurArgon2id(int kib, int t, int p) {
    require("argon2", "argon2");
    PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Costs(kib, t, p, 4, 5000, 1),
        TestHashers.printableSalts(kib), LibXCrypt.system());
    // Not the empty password: the CLI stops with "no password read".
    for (String password : new String[] {"correct horse", "pässwörd ✓ 🔑"}) {
      String stored = hasher.hash(PasswordScheme.ARGON2ID, utf8(password));
      String salt = new String(Argon2Hash.parse(stored).orElseThrow().salt(),
          StandardCharsets.US_ASCII);
      String cli = run(utf8(password), "argon2", salt, "-id", "-t", Integer.toString(t),
          "-k", Integer.toString(kib), "-p", Integer.toString(p), "-l", "32", "-e");
      assertThat(cli).isEqualTo(stored);
    }
  }

  @Test
  void ourDefaultSaltsAreRandomBytesTheCliCannotTake() {
    // Why the test above uses printable salts: real ones are arbitrary bytes.
    PasswordHasher hasher = new PasswordHasher(TestHashers.CHEAP, new SecureRandom()::nextBytes,
        LibXCrypt.system());
    String stored = hasher.hash(PasswordScheme.ARGON2ID, utf8("pw"));
    assertThat(Argon2Hash.parse(stored).orElseThrow().salt()).hasSize(16);
  }
}
