package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vqpop.auth.password.ExternalTool.line;
import static org.vqpop.auth.password.ExternalTool.require;
import static org.vqpop.auth.password.ExternalTool.run;
import static org.vqpop.auth.password.TestHashers.utf8;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hashes made at test time by the real tools (openssl, mkpasswd from whois, htpasswd from
 * apache2-utils, the argon2 CLI) must verify here, and must not verify another password.
 * Passwords reach the tools on standard input, so their UTF-8 bytes arrive unchanged.
 */
class ToolVectorsTest {

  private static final String[] PASSWORDS = {"correct horse", "pässwörd ✓ 🔑"};

  private final PasswordHasher hasher = TestHashers.cheap();

  private void assertVerifies(String stored, String password) {
    assertThat(hasher.verify(stored, utf8(password))).as(stored).isEqualTo(Verification.MATCH);
    assertThat(hasher.verify(stored, utf8(password + "x"))).as(stored)
        .isEqualTo(Verification.MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-5", "-6"})
  void opensslPasswd(String method) {
    require("openssl", "openssl");
    for (String password : PASSWORDS) {
      String stored = run(line(utf8(password)), "openssl", "passwd", method, "-salt", "Zq3.x/9a",
          "-stdin");
      assertVerifies(stored, password);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "sha512crypt 0", "sha512crypt 12345", "sha256crypt 0", "sha256crypt 2000", "md5crypt 0",
      "bcrypt 5", "bcrypt-a 4", "yescrypt 0", "yescrypt 3", "gost-yescrypt 0", "scrypt 0",
      "sunmd5 0", "bsdicrypt 0",
  })
  void mkpasswd(String method, int rounds) {
    require("mkpasswd", "whois");
    if (!method.startsWith("sha") && !method.startsWith("md5") && !method.startsWith("bcrypt")) {
      LibcryptTest.requireLibcrypt();
    }
    for (String password : PASSWORDS) {
      String stored = rounds == 0
          ? run(line(utf8(password)), "mkpasswd", "-s", "-m", method)
          : run(line(utf8(password)), "mkpasswd", "-s", "-m", method, "-R",
              Integer.toString(rounds));
      assertVerifies(stored, password);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pass", "longpass", "ab"})
  void mkpasswdDes(String salt) {
    require("mkpasswd", "whois");
    // Eight characters at most count, and only 7 bits of each: ASCII only here.
    String stored = run(line(utf8("secret7")), "mkpasswd", "-s", "-m", "descrypt", "-S",
        salt.substring(0, 2));
    assertThat(stored).hasSize(13);
    assertVerifies(stored, "secret7");
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5})
  void htpasswdBcrypt(int cost) {
    require("htpasswd", "apache2-utils");
    for (String password : PASSWORDS) {
      // -n prints the entry and then an empty line.
      String entry = run(line(utf8(password)), "htpasswd", "-niB", "-C", Integer.toString(cost),
          "user").strip();
      assertThat(entry).startsWith("user:$2y$0" + cost + "$");
      assertVerifies(entry.substring("user:".length()), password);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "-id 2 16 1 32 13 somesalt",
      "-id 1 64 2 16 13 saltsaltsaltsalt",
      "-id 3 256 4 64 13 averylongsaltofthirtytwocharacte",
      "-id 2 16 1 32 10 somesalt",
      "-i 2 32 1 32 13 somesalt",
      "-i 2 32 1 32 10 somesalt",
      "-d 2 32 1 32 13 somesalt",
  })
  void argon2Cli(String type, int t, int kib, int p, int length, int version, String salt) {
    require("argon2", "argon2");
    for (String password : PASSWORDS) {
      String stored = run(utf8(password), "argon2", salt, type, "-t", Integer.toString(t),
          "-k", Integer.toString(kib), "-p", Integer.toString(p), "-l", Integer.toString(length),
          "-v", Integer.toString(version), "-e");
      assertVerifies(stored, password);
    }
  }
}
