package org.vqpop.server;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.server.tls.TlsSettings;

/**
 * Everything the server needs, validated: at least one listener, and TLS settings whenever there
 * is a POP3S listener. Built by {@link ServerConfigReader} from the TOML file and the command line.
 *
 * @param mailhome the mail home the login backend reads (its {@code virtualpopdomains} and each
 *     domain's {@code poppasswd.cdb})
 * @param pop3 plain POP3 listeners (port 110), offering STLS when {@code tls} is set
 * @param pop3s implicit-TLS listeners (port 995, RFC 8314 §3.3)
 * @param sources the rest of the {@code [login]} table, for the login chain: system accounts,
 *     their files, RPOP's trusted hosts (domain selection is taken from {@code login})
 * @param lmtp the LMTP listeners, if any
 * @param delivery how LMTP accepts and stores mail
 */
public record ServerConfig(
    Path mailhome, List<ListenAddress> pop3, List<ListenAddress> pop3s, @Nullable TlsSettings tls,
    LoginSettings login, Limits limits, org.vqpop.login.LoginSettings sources, LmtpConfig lmtp,
    DeliveryConfig delivery) {

  public ServerConfig {
    pop3 = List.copyOf(pop3);
    pop3s = List.copyOf(pop3s);
    if (pop3.isEmpty() && pop3s.isEmpty() && !lmtp.enabled()) {
      throw new IllegalArgumentException("no listener: give pop3.listen, pop3s.listen, lmtp.listen or lmtp.socket"
          + " (--pop3, --pop3s, --lmtp, --lmtp-socket)");
    }
    if (!pop3s.isEmpty() && tls == null) {
      throw new IllegalArgumentException("pop3s listeners need a certificate: tls.cert and tls.key (--tls-cert, --tls-key)");
    }
  }
}
