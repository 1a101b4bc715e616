package org.vqpop.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Decodes a SASL PLAIN message (RFC 4616 §2): {@code [authzid] NUL authcid NUL passwd}, base64. */
final class SaslPlain {
  private SaslPlain() {}

  sealed interface Decoded {}

  /** A well-formed message whose authzid is empty or the authcid. */
  record Ok(String authcid, byte[] password) implements Decoded {}

  /** Well-formed, but asks to act as another user, which is not supported. */
  record OtherAuthzid(String authcid) implements Decoded {}

  /** Not base64, or not three NUL-separated fields with a non-empty authcid and password. */
  record Malformed() implements Decoded {}

  static Decoded decode(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new Malformed();
    }
    int first = indexOfNul(raw, 0);
    int second = first < 0 ? -1 : indexOfNul(raw, first + 1);
    if (second < 0 || indexOfNul(raw, second + 1) >= 0) {
      return new Malformed();
    }
    if (second == first + 1 || second == raw.length - 1) {
      return new Malformed(); // empty authcid or empty password
    }
    String authzid = new String(raw, 0, first, StandardCharsets.UTF_8);
    String authcid = new String(raw, first + 1, second - first - 1, StandardCharsets.UTF_8);
    byte[] password = Arrays.copyOfRange(raw, second + 1, raw.length);
    Arrays.fill(raw, (byte) 0);
    if (!authzid.isEmpty() && !authzid.equals(authcid)) {
      Arrays.fill(password, (byte) 0);
      return new OtherAuthzid(authcid);
    }
    return new Ok(authcid, password);
  }

  private static int indexOfNul(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
