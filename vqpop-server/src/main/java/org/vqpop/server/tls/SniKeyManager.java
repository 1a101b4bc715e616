package org.vqpop.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the server certificate by the host name the client sent in its SNI extension (RFC 6066
 * §3): an exact name first, then a {@code *.domain} wildcard for one label, else the default. The
 * set of certificates can be replaced while handshakes run ({@link #install}); aliases carry a
 * generation so that a handshake that chose an alias just before a reload still finds its key.
 *
 * <p>When the certificate for the requested name has a key of another type than JSSE asks for,
 * the answer is null rather than the default certificate: JSSE then asks again for the next key
 * type it would accept, and finds the named certificate.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

  /** One generation of certificates. */
  record Table(long generation, Map<String, CertifiedKey> byAlias, Map<String, String> exact,
      Map<String, String> wildcard, String defaultAlias) {

    static Table of(long generation, CertifiedKey fallback, List<Map.Entry<List<String>, CertifiedKey>> named) {
      Map<String, CertifiedKey> byAlias = new HashMap<>();
      Map<String, String> exact = new HashMap<>();
      Map<String, String> wildcard = new HashMap<>();
      String def = generation + ":default";
      byAlias.put(def, fallback);
      int i = 0;
      for (Map.Entry<List<String>, CertifiedKey> e : named) {
        String alias = generation + ":" + i++;
        byAlias.put(alias, e.getValue());
        for (String name : e.getKey()) {
          if (name.startsWith("*.")) {
            wildcard.putIfAbsent(name.substring(2), alias);
          } else {
            exact.putIfAbsent(name, alias);
          }
        }
      }
      return new Table(generation, Map.copyOf(byAlias), Map.copyOf(exact), Map.copyOf(wildcard), def);
    }

    /** The alias for {@code sni}, or the default when nothing is configured for it. */
    String aliasFor(@Nullable String sni) {
      if (sni == null) {
        return defaultAlias;
      }
      String a = exact.get(sni);
      if (a != null) {
        return a;
      }
      int dot = sni.indexOf('.');
      if (dot > 0) {
        a = wildcard.get(sni.substring(dot + 1));
        if (a != null) {
          return a;
        }
      }
      return defaultAlias;
    }
  }

  private volatile Table current;
  /** The table before the last reload; handshakes in flight may still name its aliases. */
  private volatile @Nullable Table previous;

  SniKeyManager(Table table) {
    this.current = table;
  }

  void install(Table table) {
    previous = current;
    current = table;
  }

  Table table() {
    return current;
  }

  private @Nullable CertifiedKey lookup(String alias) {
    CertifiedKey k = current.byAlias().get(alias);
    if (k == null) {
      Table p = previous;
      k = p == null ? null : p.byAlias().get(alias);
    }
    return k;
  }

  private @Nullable String choose(String keyType, @Nullable SSLSession handshake) {
    Table t = current;
    String alias = t.aliasFor(requestedName(handshake));
    CertifiedKey k = t.byAlias().get(alias);
    return k != null && k.fits(keyType) ? alias : null;
  }

  /** The host name from the client's SNI extension, lower-cased; null if it sent none. */
  static @Nullable String requestedName(@Nullable SSLSession session) {
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n.getType() == StandardConstants.SNI_HOST_NAME && n instanceof SNIHostName h) {
          return h.getAsciiName().toLowerCase(Locale.ROOT);
        }
      }
    }
    return null;
  }

  @Override
  public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    SSLSession hs = socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
    return choose(keyType, hs);
  }

  @Override
  public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    List<String> out = new ArrayList<>();
    current.byAlias().forEach((alias, k) -> {
      if (k.fits(keyType)) {
        out.add(alias);
      }
    });
    return out.isEmpty() ? null : out.toArray(String[]::new);
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    CertifiedKey k = lookup(alias);
    return k == null ? null : k.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    CertifiedKey k = lookup(alias);
    return k == null ? null : k.key();
  }

  // A server has no client certificate.

  @Override
  public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    return null;
  }

  @Override
  public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return null;
  }

  @Override
  public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return null;
  }
}
