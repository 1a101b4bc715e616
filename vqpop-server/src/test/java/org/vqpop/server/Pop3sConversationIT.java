package org.vqpop.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.vqpop.config.VqpopConfig;
import org.vqpop.config.ListenAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vqpop.server.tls.SelfSignedCertificate;

/** The conversation suite over POP3S (implicit TLS, RFC 8314). */
class Pop3sConversationIT extends Pop3ConversationSuite {
  @Override
  VqpopConfig configure(VqpopConfig b, Path dir) throws Exception {
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    SelfSignedCertificate.write(List.of("localhost"), Duration.ofDays(1), cert, key);
    return b.pop3(List.of()).pop3s(List.of(new ListenAddress("127.0.0.1", 0))).certificate(cert, key);
  }

  @Override
  Pop3Script open() throws Exception {
    Pop3Script s = Pop3Script.implicitTls(server.pop3s(), "localhost");
    assertThat(s.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
    return s;
  }
}
