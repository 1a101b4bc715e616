package org.vqpop.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.UserName;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.password.Verification;
import org.vqpop.cdb.CdbReader;
import org.vqpop.directory.UserRecordCodec;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.maildir.MaildirMailbox;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Backend;
import org.vqpop.pop3.Pop3BackendFactory;
import org.vqpop.store.OpenResult;

/**
 * A stand-in login backend until the real one (domain selection, user database and login chain,
 * with system accounts and RPOP) lands; it does only the mail-home part: the domain from {@code
 * user@domain} ({@code use_domain}, with the configured at-sign), from {@code prefix-user} ({@code
 * use_prefix}), from the SNI name, or the only domain there is; then the user from that domain's
 * {@code poppasswd.cdb}, checked against the APOP secret (which the seed also took as the POP
 * password) or the password hash. Reads the files anew for every login (cdb.3: do not hold a
 * database open).
 */
final class InterimBackendFactory implements Pop3BackendFactory {
  private final Path mailhome;
  private final LoginSettings login;
  private final PasswordHasher hasher;

  InterimBackendFactory(Path mailhome, LoginSettings login, PasswordHasher hasher) {
    this.mailhome = mailhome;
    this.login = login;
    this.hasher = hasher;
  }

  @Override
  public Pop3Backend forConnection(ConnectionInfo connection) {
    return new Pop3Backend() {
      @Override
      public AuthResult authenticate(Credentials credentials) {
        try {
          return check(credentials, connection);
        } catch (IOException | FileFormatException e) {
          return new AuthResult.Failure(AuthResult.Kind.TEMPORARY);
        }
      }

      @Override
      public OpenResult openMailbox(AuthResult.Success user) {
        return MaildirMailbox.open(((Path) user.principal()).resolve("Maildir"));
      }
    };
  }

  private record Target(VirtualDomain domain, String user) {}

  private AuthResult check(Credentials c, ConnectionInfo connection) throws IOException, FileFormatException {
    VirtualPopDomains domains = VirtualPopDomains.read(mailhome.resolve("virtualpopdomains"));
    Target t = resolve(c.user(), domains, connection);
    if (t == null) {
      return new AuthResult.Failure(AuthResult.Kind.UNKNOWN_USER);
    }
    UserName name;
    try {
      name = UserName.of(t.user());
    } catch (IllegalArgumentException e) {
      return new AuthResult.Failure(AuthResult.Kind.UNKNOWN_USER);
    }
    byte[] value;
    try (CdbReader cdb = CdbReader.open(mailhome.resolve(t.domain().directory()).resolve("poppasswd.cdb"))) {
      value = cdb.get(UserRecordCodec.key(name));
    }
    if (value == null) {
      return new AuthResult.Failure(AuthResult.Kind.UNKNOWN_USER);
    }
    UserRecordCodec.Entry e = UserRecordCodec.decode(UserRecordCodec.key(name), value);
    if (e.user().disabled()) {
      return new AuthResult.Failure(AuthResult.Kind.DISABLED);
    }
    String secret = e.user().apopSecret();
    boolean ok = switch (c) {
      case Credentials.Apop a -> !secret.isEmpty() && MessageDigest.isEqual(
          md5Hex(a.timestampBanner() + secret).getBytes(StandardCharsets.US_ASCII),
          a.digestHex().getBytes(StandardCharsets.US_ASCII));
      case Credentials.UserPass up -> (!secret.isEmpty()
              && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), up.password()))
          || (!e.user().passwordHash().isEmpty() && hasher.verify(e.user().passwordHash(), up.password()) == Verification.MATCH);
    };
    return ok
        ? new AuthResult.Success(name.name() + "@" + t.domain().domain().name(), e.home())
        : new AuthResult.Failure(AuthResult.Kind.MISMATCH);
  }

  private @Nullable Target resolve(String given, VirtualPopDomains domains, ConnectionInfo connection) {
    if (login.useDomain()) {
      int at = given.lastIndexOf(login.atSign());
      if (at > 0) {
        try {
          Optional<VirtualDomain> d = domains.find(Domain.of(given.substring(at + login.atSign().length())));
          return d.map(v -> new Target(v, given.substring(0, at))).orElse(null);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    if (login.usePrefix()) {
      int dash = given.indexOf('-');
      if (dash > 0) {
        Optional<VirtualDomain> d = domains.findByPrefix(given.substring(0, dash));
        if (d.isPresent()) {
          return new Target(d.get(), given.substring(dash + 1));
        }
      }
    }
    String host = connection.sniName() != null ? connection.sniName() : connection.localHost();
    if (host != null) {
      for (VirtualDomain d : domains.domains()) {
        if (d.host().name().equalsIgnoreCase(host)) {
          return new Target(d, given);
        }
      }
    }
    return domains.domains().size() == 1 ? new Target(domains.domains().get(0), given) : null;
  }

  private static String md5Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
