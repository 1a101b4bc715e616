package org.vqpop.server.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A certificate chain with its key, loaded from two PEM files and checked to belong together. */
record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {

  CertifiedKey {
    chain = List.copyOf(chain);
  }

  static CertifiedKey load(Path certFile, Path keyFile) throws TlsException {
    List<X509Certificate> chain = Pem.certificates(certFile);
    PrivateKey key = Pem.privateKey(keyFile);
    Pem.checkPair(chain.get(0), key, certFile, keyFile);
    return new CertifiedKey(chain, key);
  }

  /**
   * Whether this key can serve a handshake that asks for {@code keyType}, the key algorithm
   * name JSSE passes ("RSA", "EC", "RSASSA-PSS", "EdDSA", ...).
   */
  boolean fits(String keyType) {
    String mine = key.getAlgorithm();
    return mine.equals(keyType)
        || (mine.equals("EC") && keyType.equals("ECDSA"))
        || (mine.equals("Ed25519") && keyType.equals("EdDSA"));
  }
}
