package org.vqpop.auth;

import java.util.Arrays;

/** What a client presented to log in. */
public sealed interface Credentials {

  /** The name the client gave, as given (the backend decides about case and domains). */
  String user();

  /**
   * A name and a cleartext password (POP3 USER/PASS, RFC 1939 §7; SASL PLAIN, RFC 4616). The
   * password is bytes: it may be in any charset, and the caller may wipe the array after use.
   */
  record UserPass(String user, byte[] password) implements Credentials {
    @Override
    public boolean equals(Object o) {
      return o instanceof UserPass p && p.user.equals(user) && Arrays.equals(p.password, password);
    }

    @Override
    public int hashCode() {
      return user.hashCode() * 31 + Arrays.hashCode(password);
    }

    /** Never shows the password: records end up in logs. */
    @Override
    public String toString() {
      return "UserPass[user=" + user + ", password=***]";
    }
  }

  /**
   * An APOP login (RFC 1939 §7): the backend checks that {@code digestHex} is the lowercase hex
   * MD5 of {@code timestampBanner} (the {@code <...>} of the greeting, brackets included) followed
   * by the user's shared secret.
   */
  record Apop(String user, String timestampBanner, String digestHex) implements Credentials {}
}
