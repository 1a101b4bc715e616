package org.vqpop.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2HashTest {

  /**
   * Made by the argon2 CLI of Debian 12's argon2 package (reference implementation 20190702):
   * {@code echo -n pass | argon2 somesalt -id -t 2 -k 16 -p 1 -e}.
   */
  static final String CLI_VECTOR =
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg";

  @Test
  void parsesAndReencodesTheReferenceFormat() {
    Argon2Hash h = Argon2Hash.parse(CLI_VECTOR).orElseThrow();
    assertThat(h.type()).isEqualTo(Argon2Hash.Type.ARGON2ID);
    assertThat(h.version()).isEqualTo(0x13);
    assertThat(h.memoryKiB()).isEqualTo(16);
    assertThat(h.iterations()).isEqualTo(2);
    assertThat(h.parallelism()).isEqualTo(1);
    assertThat(h.salt()).asString().isEqualTo("somesalt");
    assertThat(h.hash()).hasSize(32);
    assertThat(h.encode()).isEqualTo(CLI_VECTOR);
  }

  @Test
  void missingVersionMeansVersion16() {
    Argon2Hash h = Argon2Hash.parse(
        "$argon2i$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg")
        .orElseThrow();
    assertThat(h.type()).isEqualTo(Argon2Hash.Type.ARGON2I);
    assertThat(h.version()).isEqualTo(0x10);
  }

  @Test
  void acceptsTheBoundsThemselves() {
    assertThat(Argon2Hash.parse("$argon2d$v=16$m=4194304,t=1024,p=255$c29tZXNhbHQ$AAAAAA"))
        .isPresent();
    assertThat(Argon2Hash.parse("$argon2id$v=19$m=8,t=1,p=1$AA$AAAAAA")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "$argon2id",
      "$argon2id$",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$",
      "$argon2id$v=19$m=16,t=2,p=1$$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg$",
      "$argon2id$v=20$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=019$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2x$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$t=2,m=16,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1,keyid=x$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9Xo",
      "$argon2id$v=19$m=016,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=+16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=-16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=0,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=1025,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=0$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=4096,t=2,p=256$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=15,t=2,p=2$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=4194305,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=2147483648,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9Xo",
      "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9Xo",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ=$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg=",
      "$argon2id$v=19$m=16,t=2,p=1$c29t!XNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe-orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHR$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Cg",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$mnCjpibe+orssNd4haInUKuYC5C9zSfV0HI9XoNe9Ch",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$c29t",
      "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$c",
  })
  void rejectsBrokenAndOutOfBoundsStrings(String stored) {
    assertThat(Argon2Hash.parse(stored)).isEmpty();
  }
}
