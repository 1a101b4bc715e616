package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.vqpop.server.tls.SelfSignedCertificate;

/**
 * The conversation suite over plain POP3 upgraded with STLS (RFC 2595). The server treats the
 * client as remote, so logins work only because of the upgrade.
 */
class StlsConversationIT extends Pop3ConversationSuite {
  @Override
  VqpopConfig configure(VqpopConfig b, Path dir) throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);
    return b.certificate(cert, key);
  }

  @Override
  Predicate<InetAddress> localPeers() {
    return a -> false;
  }

  @Override
  Pop3Script open() throws Exception {
    Pop3Script s = Pop3Script.plain(server.pop3());
    assertThat(s.multiline("CAPA")).contains("STLS").doesNotContain("USER");
    return s.stls("localhost");
  }
}
