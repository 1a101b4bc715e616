package org.vqpop.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Certificates made with the openssl command, in the three key formats, and a trusting client. */
final class TestCerts {
  private TestCerts() {}

  /** A certificate and its key. */
  record Pair(Path cert, Path key) {}

  /** RSA with a PKCS#1 key ({@code BEGIN RSA PRIVATE KEY}). */
  static Pair rsaPkcs1(Path dir, String cn) {
    Path key = dir.resolve(cn + ".pkcs1.key");
    Path cert = dir.resolve(cn + ".crt");
    run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key + ".p8");
    run(dir, "openssl", "rsa", "-traditional", "-in", key + ".p8", "-out", key.toString());
    selfSign(dir, key, cert, cn);
    return new Pair(cert, key);
  }

  /** EC P-256 with a SEC1 key ({@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY}). */
  static Pair ecSec1(Path dir, String cn) {
    Path key = dir.resolve(cn + ".sec1.key");
    Path cert = dir.resolve(cn + ".crt");
    run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
    selfSign(dir, key, cert, cn);
    return new Pair(cert, key);
  }

  /** EC P-256 with a PKCS#8 key ({@code BEGIN PRIVATE KEY}), as certbot writes. */
  static Pair ecPkcs8(Path dir, String cn) {
    Path key = dir.resolve(cn + ".pkcs8.key");
    Path cert = dir.resolve(cn + ".crt");
    run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    selfSign(dir, key, cert, cn);
    return new Pair(cert, key);
  }

  private static void selfSign(Path dir, Path key, Path cert, String cn) {
    run(dir, "openssl", "req", "-new", "-x509", "-key", key.toString(), "-out", cert.toString(), "-days", "2",
        "-subj", "/CN=" + cn, "-addext", "subjectAltName=DNS:" + cn);
  }

  static String run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(List.of(command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A client context that accepts any certificate: the tests look at the certificate themselves. */
  static SSLContext trustAll() {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return c;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
