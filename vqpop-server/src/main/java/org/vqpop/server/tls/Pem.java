package org.vqpop.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files as certbot and openssl write them. Keys: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * certbot), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, often
 * after an {@code EC PARAMETERS} block). Encrypted keys are refused: a daemon has nobody to ask
 * for the passphrase.
 */
final class Pem {
  private Pem() {}

  /** The certificates of {@code file}, in file order (leaf first, as in {@code fullchain.pem}). */
  static List<X509Certificate> certificates(Path file) throws TlsException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : objects(file)) {
      if (o instanceof X509CertificateHolder h) {
        try {
          chain.add(converter.getCertificate(h));
        } catch (GeneralSecurityException e) {
          throw new TlsException(file + ": certificate " + (chain.size() + 1) + " cannot be used: " + e.getMessage());
        }
      }
    }
    if (chain.isEmpty()) {
      throw new TlsException(file + ": no certificate (BEGIN CERTIFICATE) found");
    }
    return chain;
  }

  /** The one private key of {@code file}. */
  static PrivateKey privateKey(Path file) throws TlsException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey key = null;
    for (Object o : objects(file)) {
      PrivateKeyInfo info = switch (o) {
        case PrivateKeyInfo p -> p; // PKCS#8
        case PEMKeyPair kp -> kp.getPrivateKeyInfo(); // PKCS#1 or SEC1
        case PEMEncryptedKeyPair e -> throw new TlsException(file + ": the key is encrypted; give an unencrypted key");
        case PKCS8EncryptedPrivateKeyInfo e -> throw new TlsException(file + ": the key is encrypted; give an unencrypted key");
        case ASN1ObjectIdentifier curve -> null; // the EC PARAMETERS block openssl puts first
        case X9ECParameters params -> null;
        default -> null;
      };
      if (info == null) {
        continue;
      }
      if (key != null) {
        throw new TlsException(file + ": more than one private key");
      }
      try {
        key = converter.getPrivateKey(info);
      } catch (IOException e) {
        throw new TlsException(file + ": the private key cannot be used: " + e.getMessage());
      }
    }
    if (key == null) {
      throw new TlsException(file + ": no private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) found");
    }
    return key;
  }

  private static List<Object> objects(Path file) throws TlsException {
    List<Object> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsException(file + ": cannot read PEM: " + e.getMessage());
    }
    return out;
  }

  /** Refuses a key that does not belong to the certificate: sign with one, verify with the other. */
  static void checkPair(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) throws TlsException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSASSA-PSS" -> null;
      default -> null;
    };
    if (algorithm == null) {
      throw new TlsException(keyFile + ": unsupported key type " + key.getAlgorithm() + " (use RSA or EC)");
    }
    try {
      byte[] probe = "vqpop key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(leaf.getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new TlsException(keyFile + ": the key does not belong to the certificate in " + certFile);
      }
    } catch (GeneralSecurityException e) {
      throw new TlsException(keyFile + ": the key does not belong to the certificate in " + certFile);
    }
  }
}
