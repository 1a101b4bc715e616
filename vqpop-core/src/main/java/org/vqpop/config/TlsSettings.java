package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code [tls]} table. The certificates to serve: a default, and others chosen by the name the client asks for (SNI,
 * RFC 6066 §3). Files are PEM: the certificate file holds the chain, leaf first (certbot's {@code
 * fullchain.pem}); the key file holds an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key.
 *
 * With no {@code cert} and {@code key} there is no TLS (no STLS, and POP3S listeners cannot
 * start). Everything here can change while the server runs ({@code SIGHUP}).
 *
 * @param cert the default certificate chain, or null for no TLS
 * @param key its private key, or null for no TLS
 * @param reloadInterval how often the files are checked for changes (0: never)
 * @param protocols the TLS versions offered, {@code TLSv1.3} and/or {@code TLSv1.2}
 * @param ciphers the cipher suites offered, by their IANA (JSSE) names, in the server's order of
 *     preference; TLS 1.3 uses those of its own ({@code TLS_AES_*}, {@code TLS_CHACHA20_*}), TLS
 *     1.2 the others
 * @param handshakeTimeout the time a TLS handshake (POP3S, STLS) may take in all
 */
public record TlsSettings(@Nullable Path cert, @Nullable Path key, List<SniCertificate> sni, Duration reloadInterval,
    List<String> protocols, List<String> ciphers, Duration handshakeTimeout) {

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  public static final Duration DEFAULT_RELOAD = Duration.ofMinutes(1);

  /** TLS 1.3 and 1.2; nothing older (RFC 8996). */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * TLS 1.3's three suites, then for TLS 1.2 only AEAD ciphers (AES-GCM, ChaCha20-Poly1305) with
   * forward secrecy (ECDHE), as Mozilla's "intermediate" profile and RFC 9325 §4.2 advise: no
   * CBC (Lucky 13 and its kin), no static RSA key exchange (a stolen key decrypts recorded
   * sessions), no finite-field DHE (slow, and clients may accept small groups).
   */
  public static final List<String> DEFAULT_CIPHERS = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** No TLS. */
  public static final TlsSettings NONE = new TlsSettings(null, null, List.of(), DEFAULT_RELOAD);

  public TlsSettings {
    sni = List.copyOf(sni);
    if (reloadInterval.isNegative()) {
      throw new KeyProblem("reload_seconds", "must not be negative");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new KeyProblem("handshake_timeout_seconds", "must be a positive whole number");
    }
    try {
      protocols = checkProtocols(protocols);
    } catch (IllegalArgumentException e) {
      throw new KeyProblem("protocols", e.getMessage());
    }
    try {
      ciphers = checkCiphers(protocols, ciphers);
    } catch (IllegalArgumentException e) {
      throw new KeyProblem("ciphers", e.getMessage());
    }
    if ((cert == null) != (key == null)) {
      throw new KeyProblem(cert == null ? "cert" : "key", "TLS needs both a certificate and a key (tls.cert and tls.key)");
    }
    if (cert == null && !sni.isEmpty()) {
      throw new KeyProblem("sni", "tls.sni needs a default certificate too (tls.cert and tls.key)");
    }
  }

  /** The default protocols, cipher suites and handshake timeout. */
  public TlsSettings(@Nullable Path cert, @Nullable Path key, List<SniCertificate> sni, Duration reloadInterval) {
    this(cert, key, sni, reloadInterval, DEFAULT_PROTOCOLS, DEFAULT_CIPHERS, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  @JsonCreator
  static TlsSettings bind(
      @JsonProperty("cert") @Nullable String cert,
      @JsonProperty("key") @Nullable String key,
      @JsonProperty("reload_seconds") @Nullable Long reload,
      @JsonProperty("handshake_timeout_seconds") @Nullable Long handshake,
      @JsonProperty("protocols") @Nullable List<String> protocols,
      @JsonProperty("ciphers") @Nullable List<String> ciphers,
      @JsonProperty("sni") @Nullable List<SniCertificate> sni) {
    if (reload != null && reload < 0) {
      throw new KeyProblem("reload_seconds", "must not be negative");
    }
    return new TlsSettings(cert != null ? Path.of(cert) : null, key != null ? Path.of(key) : null,
        sni != null ? sni : List.of(), reload != null ? Duration.ofSeconds(reload) : DEFAULT_RELOAD,
        protocols != null ? protocols : DEFAULT_PROTOCOLS, ciphers != null ? ciphers : DEFAULT_CIPHERS,
        handshake != null ? Duration.ofSeconds(Limits.positive("handshake_timeout_seconds", handshake))
            : DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Whether there is a certificate, so STLS and POP3S can work. */
  public boolean enabled() {
    return cert != null;
  }

  /** These settings with another default certificate. */
  public TlsSettings withCertificate(Path certFile, Path keyFile) {
    return new TlsSettings(certFile, keyFile, sni, reloadInterval, protocols, ciphers, handshakeTimeout);
  }

  /** These settings with one more SNI certificate. */
  public TlsSettings withSni(SniCertificate s) {
    List<SniCertificate> all = new ArrayList<>(sni);
    all.add(s);
    return new TlsSettings(cert, key, all, reloadInterval, protocols, ciphers, handshakeTimeout);
  }

  /** These settings with another reload interval and handshake timeout. */
  public TlsSettings withTimes(Duration reload, Duration handshake) {
    return new TlsSettings(cert, key, sni, reload, protocols, ciphers, handshake);
  }

  /** {@code protocols} if each is TLS 1.2 or 1.3; the message says what is wrong otherwise. */
  public static List<String> checkProtocols(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("name at least one of TLSv1.3 and TLSv1.2");
    }
    for (String p : protocols) {
      if (!DEFAULT_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException("'" + p + "' is not offered: only TLSv1.3 and TLSv1.2 (RFC 8996 retired older ones)");
      }
    }
    return List.copyOf(protocols);
  }

  /**
   * {@code ciphers} if every protocol has at least one of them; the JDK's knowledge of each name
   * is checked when the context is built ({@link TlsContext#load}).
   */
  public static List<String> checkCiphers(List<String> protocols, List<String> ciphers) {
    boolean has13 = ciphers.stream().anyMatch(TlsSettings::isTls13Suite);
    boolean has12 = ciphers.stream().anyMatch(c -> !isTls13Suite(c));
    if (protocols.contains("TLSv1.3") && !has13) {
      throw new IllegalArgumentException("no TLS 1.3 cipher suite (TLS_AES_128_GCM_SHA256, ...) for TLSv1.3");
    }
    if (protocols.contains("TLSv1.2") && !has12) {
      throw new IllegalArgumentException("no TLS 1.2 cipher suite (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...) for TLSv1.2");
    }
    return List.copyOf(ciphers);
  }

  /** TLS 1.3's suites name no key exchange: {@code TLS_AES_*} and {@code TLS_CHACHA20_*}. */
  public static boolean isTls13Suite(String name) {
    return name.startsWith("TLS_AES_") || name.startsWith("TLS_CHACHA20_");
  }

  /**
   * A certificate for some names: exact host names, or {@code *.example.com} for any one label
   * in front of {@code example.com} (RFC 6125 §6.4.3).
   */
  public record SniCertificate(List<String> names, Path cert, Path key) {
    public SniCertificate {
      if (names.isEmpty()) {
        throw new KeyProblem("names", "a certificate for SNI needs at least one name");
      }
      names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
      for (String n : names) {
        String bare = n.startsWith("*.") ? n.substring(2) : n;
        if (bare.isEmpty() || !bare.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
          throw new KeyProblem("names", "'" + n + "' is not a host name or *.domain");
        }
      }
    }

    @JsonCreator
    static SniCertificate bind(@JsonProperty("names") @Nullable List<String> names,
        @JsonProperty("cert") @Nullable String cert, @JsonProperty("key") @Nullable String key) {
      if (names == null || cert == null || key == null) {
        throw new KeyProblem("", "needs names, cert and key");
      }
      return new SniCertificate(names, Path.of(cert), Path.of(key));
    }
  }
}
