package org.vqpop.directory;

import java.util.List;
import org.vqpop.address.UserName;

/**
 * A user of one virtual POP domain, as its {@code poppasswd} line holds it.
 *
 * @param name the user name within the domain
 * @param passwordHash a crypt-style hash ({@code $argon2id$…}, {@code $6$…}, …); empty when the
 *     user has only an APOP secret
 * @param apopSecret the APOP shared secret, stored as given because APOP needs it (RFC 1939 §7);
 *     also accepted as the POP password, as in the seed; empty when there is none
 * @param quotaBytes the mailbox size limit in octets; 0 for the domain's default
 * @param quotaMessages the message count limit; 0 for the domain's default
 * @param flags words such as {@code disabled}
 */
public record PopUser(
    UserName name, String passwordHash, String apopSecret, long quotaBytes, long quotaMessages, List<String> flags) {

  private static final java.util.regex.Pattern FLAG = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*");

  public PopUser {
    checkField("password hash", passwordHash);
    checkSecret(apopSecret);
    if (quotaBytes < 0 || quotaMessages < 0) {
      throw new IllegalArgumentException("quota must not be negative");
    }
    flags = List.copyOf(flags);
    for (String f : flags) {
      if (!FLAG.matcher(f).matches()) {
        throw new IllegalArgumentException("flag '" + f + "' is not a lower-case word");
      }
    }
  }

  public static PopUser withPassword(UserName name, String passwordHash) {
    return new PopUser(name, passwordHash, "", 0, 0, List.of());
  }

  public static PopUser withSecret(UserName name, String apopSecret) {
    return new PopUser(name, "", apopSecret, 0, 0, List.of());
  }

  public PopUser withPasswordHash(String hash) {
    return new PopUser(name, hash, apopSecret, quotaBytes, quotaMessages, flags);
  }

  public PopUser withApopSecret(String secret) {
    return new PopUser(name, passwordHash, secret, quotaBytes, quotaMessages, flags);
  }

  /** This user with its own quota set; 0 for a part leaves it to the domain's default. */
  public PopUser withQuota(long bytes, long messages) {
    return new PopUser(name, passwordHash, apopSecret, bytes, messages, flags);
  }

  public boolean disabled() {
    return flags.contains("disabled");
  }

  private static void checkField(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(what + " contains a space, control or non-ASCII character");
      }
    }
  }

  /**
   * An APOP secret may hold any printable character, spaces and non-ASCII included, but no control
   * characters: NUL ends checkpassword's fields and CR/LF end protocol lines.
   */
  public static void checkSecret(String secret) {
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("APOP secret contains a control character");
      }
    }
  }
}
