package org.vqpop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TraceTest {
  static final ZonedDateTime AT = ZonedDateTime.of(2026, 12, 2, 6, 10, 0, 0, ZoneId.of("Europe/Amsterdam"));

  @Test
  void theFieldFollowsRfc5321WithANumericZone() {
    assertThat(new Trace("mx.example.org", "192.0.2.1", "pop.acme.com", "abc-1", AT).header("joe@acme.com"))
        .isEqualTo("Received: from mx.example.org ([192.0.2.1])\n\tby pop.acme.com (vqpop) with LMTP id abc-1\n"
            + "\tfor <joe@acme.com>; Wed, 2 Dec 2026 06:10:00 +0100\n");
  }

  @Test
  void ipv6AndUnixSocketClients() {
    assertThat(new Trace("mx", "::1", "h", "i", AT).header("a@b")).startsWith("Received: from mx ([IPv6:::1])\n");
    assertThat(new Trace("mx", null, "h", "i", AT).header("a@b")).startsWith("Received: from mx (unix socket)\n");
  }

  @Test
  void whatTheClientSaidCannotBreakTheField() {
    String h = new Trace("evil) (x; [y] \"z\"", "192.0.2.1", "h", "i", AT).header("a@b");
    assertThat(h).startsWith("Received: from evil___x___y___z_ ([192.0.2.1])\n");
    assertThat(new Trace("", null, "h", "i", AT).header("a@b")).startsWith("Received: from unknown (unix socket)\n");
  }
}
