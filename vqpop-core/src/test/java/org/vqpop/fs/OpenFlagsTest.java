package org.vqpop.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFlagsTest {
  @TempDir Path tmp;

  @Test
  void eachDebianArchitectureHasItsKernelsValues() {
    // O_DIRECTORY and O_NOFOLLOW: asm-generic, arm/arm64 and powerpc's own.
    for (String arch : List.of("amd64", "i386", "x86", "s390x", "riscv64", "loongarch64")) {
      assertThat(OpenFlags.forArch(arch)).as(arch).isEqualTo(OpenFlags.GENERIC);
    }
    for (String arch : List.of("aarch64", "arm")) {
      assertThat(OpenFlags.forArch(arch)).as(arch).isEqualTo(OpenFlags.ARM);
    }
    // On ppc64el the generic values would be O_LARGEFILE|O_DIRECT, and O_NOFOLLOW lost.
    OpenFlags ppc = OpenFlags.forArch("ppc64le");
    assertThat(ppc).isNotNull();
    assertThat(ppc.directory()).isEqualTo(040000);
    assertThat(ppc.nofollow()).isEqualTo(0100000);
    OpenFlags mips = OpenFlags.forArch("mips64el");
    assertThat(mips).isNotNull();
    assertThat(mips.nonblock()).isEqualTo(0x80);
    assertThat(mips.append()).isEqualTo(0x8);
    assertThat(mips.creat()).isEqualTo(0x100);
    assertThat(mips.nofollow()).isEqualTo(0400000);
  }

  @Test
  void anUnknownArchitectureGetsNoFlagsAtAll() {
    for (String arch : List.of("sparcv9", "alpha", "parisc", "ia64", "")) {
      assertThat(OpenFlags.forArch(arch)).as(arch).isNull();
    }
  }

  /** This machine's table entry against its C library's headers, where a C compiler is installed. */
  @Test
  void thisMachinesFlagsAreItsCLibrarysValues() throws Exception {
    Assumptions.assumeTrue(OpenFlags.CURRENT != null, "architecture not in the table");
    Path src = tmp.resolve("flags.c");
    Files.writeString(src, """
        #define _GNU_SOURCE
        #include <fcntl.h>
        #include <stdio.h>
        int main(void) {
          printf("%d %d %d %d %d %d %d %d\\n", O_WRONLY, O_RDWR, O_CREAT, O_APPEND, O_NONBLOCK, O_DIRECTORY,
              O_NOFOLLOW, O_CLOEXEC);
          return 0;
        }
        """);
    Path exe = tmp.resolve("flags");
    Process cc;
    try {
      cc = new ProcessBuilder("cc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("no C compiler: " + e.getMessage());
      return;
    }
    cc.getInputStream().readAllBytes();
    assertThat(cc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeTrue(cc.exitValue() == 0, "the C compiler failed (no headers?)");
    Process run = new ProcessBuilder(exe.toString()).start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
    OpenFlags f = OpenFlags.CURRENT;
    assertThat(out).isEqualTo(f.wronly() + " " + f.rdwr() + " " + f.creat() + " " + f.append() + " " + f.nonblock()
        + " " + f.directory() + " " + f.nofollow() + " " + f.cloexec());
  }
}
