package org.vqpop.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.LoginIdentity;
import org.vqpop.auth.Source;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.store.OpenResult;

/** A {@link Pop3Backend} with users in a map; records the credentials it was shown. */
public final class FakeBackend implements Pop3Backend {
  private record Account(String password, Supplier<OpenResult> mailbox) {}

  /** Who a fake login is: the name as given, no domain, a home that does not exist. */
  private static LoginIdentity identity(String name) {
    Path home = Path.of("/nonexistent", name);
    return new LoginIdentity(null, name, home, home.resolve("Maildir"), Source.POP_PASSWORD, null);
  }

  private final Map<String, Account> accounts = new HashMap<>();
  private final List<Credentials> seen = new ArrayList<>();
  private boolean temporaryFailure;

  /** Adds a user whose password (also the APOP secret) is {@code password}. */
  public FakeBackend user(String name, String password, Supplier<OpenResult> mailbox) {
    accounts.put(name, new Account(password, mailbox));
    return this;
  }

  public FakeBackend user(String name, String password, FakeMailbox mailbox) {
    return user(name, password, () -> new OpenResult.Opened(mailbox));
  }

  /** From now on every login fails as TEMPORARY. */
  public FakeBackend temporaryFailure() {
    temporaryFailure = true;
    return this;
  }

  public List<Credentials> seen() {
    return seen;
  }

  @Override
  public AuthResult authenticate(Credentials credentials) {
    // Copy: the session wipes passwords after use.
    seen.add(
        credentials instanceof Credentials.UserPass up
            ? new Credentials.UserPass(up.user(), up.password().clone())
            : credentials);
    if (temporaryFailure) {
      return new AuthResult.Failure(AuthResult.Kind.TEMPORARY);
    }
    Account a = accounts.get(credentials.user());
    if (a == null) {
      return new AuthResult.Failure(AuthResult.Kind.UNKNOWN_USER);
    }
    boolean ok =
        switch (credentials) {
          case Credentials.UserPass up ->
              Arrays.equals(up.password(), a.password.getBytes(StandardCharsets.UTF_8));
          case Credentials.Apop ap ->
              apopDigest(ap.timestampBanner(), a.password).equals(ap.digestHex());
        };
    return ok
        ? new AuthResult.Success(identity(credentials.user()))
        : new AuthResult.Failure(AuthResult.Kind.MISMATCH);
  }

  @Override
  public OpenResult openMailbox(AuthResult.Success user) {
    Account a = accounts.get(user.identity().user());
    if (a == null) {
      throw new IllegalStateException("not a login of this backend: " + user.user());
    }
    return a.mailbox.get();
  }

  /** RFC 1939 §7: lowercase hex MD5 of timestamp followed by the secret. */
  public static String apopDigest(String timestamp, String secret) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of()
          .formatHex(md5.digest((timestamp + secret).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
