package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.vqpop.auth.password.TestHashers.utf8;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LibcryptTest {

  /** Skips without libxcrypt, except in CI, where Debian's libcrypt1 must be there. */
  static void requireLibcrypt() {
    if (LibXCrypt.system().isPresent() && Yescrypt.available()) {
      return;
    }
    String message = "libcrypt.so.1 (libxcrypt with yescrypt) not found; install the Debian "
        + "package libcrypt1";
    if (System.getenv("CI") != null) {
      fail(message);
    }
    Assumptions.assumeTrue(false, message);
  }

  @Test
  void aMissingLibraryIsReportedAsAbsent() {
    assertThat(LibXCrypt.load("libvqpop-no-such-library.so.7")).isEmpty();
  }

  @Test
  void glibcWithoutTheReentrantApiIsAbsentToo() {
    // libc.so.6 loads but has no crypt_rn: must count as missing, not fail later.
    assertThat(LibXCrypt.load("libc.so.6")).isEmpty();
  }

  @Test
  void withoutLibcryptItsSchemesAreUnsupported() {
    PasswordHasher hasher = TestHashers.withoutLibcrypt();
    assertThat(hasher.verify(VerifyVectorsTest.YESCRYPT, utf8("pass")))
        .isEqualTo(Verification.UNSUPPORTED);
    assertThat(hasher.verify(VerifyVectorsTest.GOST_YESCRYPT, utf8("pass")))
        .isEqualTo(Verification.UNSUPPORTED);
    assertThat(hasher.verify("$nosuchscheme$abc$def", utf8("pass")))
        .isEqualTo(Verification.UNSUPPORTED);
    // The Java schemes do not need it.
    assertThat(hasher.verify(VerifyVectorsTest.SHA512, utf8("pass")))
        .isEqualTo(Verification.MATCH);
    // commons-codec refuses an empty salt and there is nothing to fall back on.
    assertThat(hasher.verify(VerifyVectorsTest.MD5_EMPTY_SALT, utf8("pass")))
        .isEqualTo(Verification.MALFORMED);
    assertThatThrownBy(() -> hasher.hash(PasswordScheme.YESCRYPT, utf8("pass")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yescrypt cannot create hashes")
        .hasMessageEndingWith("argon2id, bcrypt, sha512-crypt, sha256-crypt");
  }

  @Test
  void cryptReportsFailureAsNull() {
    requireLibcrypt();
    LibXCrypt lib = LibXCrypt.system().orElseThrow();
    String failed = lib.crypt(utf8("pass"), "$nosuchscheme$abc$");
    assertThat(failed == null || failed.startsWith("*")).isTrue();
    assertThat(lib.crypt(utf8("pass"), "ab")).isEqualTo(VerifyVectorsTest.DES);
    assertThat(lib.crypt(utf8("pass"), "s\u00e4lt")).isNull();
  }

  @Test
  void gensaltMakesYescryptSettingsFromOurBytes() {
    requireLibcrypt();
    LibXCrypt lib = LibXCrypt.system().orElseThrow();
    byte[] random = new byte[LibXCrypt.GENSALT_RANDOM_BYTES];
    String a = lib.gensalt("$y$", 5, random);
    String b = lib.gensalt("$y$", 5, random);
    assertThat(a).startsWith("$y$j9T$").isEqualTo(b);
    assertThat(lib.gensalt("$nosuchscheme$", 0, random)).isNull();
  }

  @Test
  void threadsDoNotShareState() throws InterruptedException {
    requireLibcrypt();
    PasswordHasher hasher = TestHashers.cheap();
    String stored = hasher.hash(PasswordScheme.YESCRYPT, utf8("parallel"));
    Verification[] results = new Verification[8];
    Thread[] threads = new Thread[results.length];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> results[n] =
          hasher.verify(stored, utf8(n % 2 == 0 ? "parallel" : "serial")));
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (int i = 0; i < results.length; i++) {
      assertThat(results[i]).isEqualTo(i % 2 == 0 ? Verification.MATCH : Verification.MISMATCH);
    }
  }
}
