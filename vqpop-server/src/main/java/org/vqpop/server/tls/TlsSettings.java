package org.vqpop.server.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The certificates to serve: a default, and others chosen by the name the client asks for (SNI,
 * RFC 6066 §3). Files are PEM: the certificate file holds the chain, leaf first (certbot's {@code
 * fullchain.pem}); the key file holds an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key.
 *
 * @param reloadInterval how often the files are checked for changes (0: never)
 */
public record TlsSettings(Path cert, Path key, List<SniCertificate> sni, Duration reloadInterval) {

  public static final Duration DEFAULT_RELOAD = Duration.ofMinutes(1);

  public TlsSettings {
    sni = List.copyOf(sni);
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException("reload interval must not be negative");
    }
  }

  /**
   * A certificate for some names: exact host names, or {@code *.example.com} for any one label
   * in front of {@code example.com} (RFC 6125 §6.4.3).
   */
  public record SniCertificate(List<String> names, Path cert, Path key) {
    public SniCertificate {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a certificate for SNI needs at least one name");
      }
      names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
      for (String n : names) {
        String bare = n.startsWith("*.") ? n.substring(2) : n;
        if (bare.isEmpty() || !bare.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
          throw new IllegalArgumentException("'" + n + "' is not a host name or *.domain");
        }
      }
    }
  }
}
