package org.vqpop.auth;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.UserName;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.system.PasswdFile;
import org.vqpop.auth.system.ShadowFile;
import org.vqpop.directory.UserDirectory;
import org.vqpop.domain.Resolution;
import org.vqpop.domain.VirtualDomain;

/**
 * The seed's login chain: the user is looked up in the directory, then the sources are asked in
 * a fixed order, APOP secret, POP password, system account (if enabled), RPOP (if enabled); the
 * first to accept wins, and a {@link SourceResult.Skip} passes the login on, as the seed went
 * through its sources. A disabled user fails even with the right password (after the check, so a
 * wrong password does not reveal that an account is disabled); every failure costs what a wrong
 * password costs (see {@link #check}). Immutable and thread-safe.
 */
public final class AuthChain {
  /** The user probed for a login with no domain; whether it exists does not matter, only the cost. */
  private static final UserName DECOY_USER = UserName.of("decoy");

  private final UserDirectory directory;
  private final List<AuthSource> sources;

  AuthChain(UserDirectory directory, List<AuthSource> sources) {
    this.directory = directory;
    this.sources = List.copyOf(sources);
  }

  /**
   * The seed's chain.
   *
   * @param system the passwd and shadow files for system account logins; null to disable them
   * @param rpopTrustedHosts the address literals RPOP trusts; empty to disable RPOP
   */
  public static AuthChain seed(UserDirectory directory, PasswordHasher hasher, @Nullable SystemFiles system,
      Set<String> rpopTrustedHosts, InstantSource clock) {
    List<AuthSource> s = new ArrayList<>();
    s.add(new ApopSecretSource());
    s.add(new PopPasswordSource(hasher));
    if (system != null) {
      s.add(new SystemAccountSource(system.passwd(), system.shadow(), hasher, clock));
    }
    if (!rpopTrustedHosts.isEmpty()) {
      s.add(new RpopSource(rpopTrustedHosts));
    }
    return new AuthChain(directory, s);
  }

  /** Where system accounts are read from. */
  public record SystemFiles(PasswdFile passwd, ShadowFile shadow) {}

  /**
   * Checks a login. Every failure costs the same, whatever made it fail (no such domain or user,
   * no password of the kind given, a disabled account, a wrong password): each source that did
   * not check the credentials does, through {@link AuthSource#decoy}, the work a wrong password
   * would have cost it, so the answer's timing does not tell which users exist (RFC 1939 §13
   * wants the failure itself not to tell; the README promises the time does not either).
   */
  public ChainResult check(Credentials credentials, Resolution resolution, Peer peer) {
    return check(credentials, resolution, peer, null);
  }

  /**
   * As {@link #check(Credentials, Resolution, Peer)}; a login that resolves to no domain also
   * probes {@code lookupDomain}'s user database (for a user named "decoy"), as a login for an
   * unknown user of a known domain does (a stat and a cdb probe: little next to a password check,
   * but an APOP failure costs only an MD5 besides).
   */
  public ChainResult check(Credentials credentials, Resolution resolution, Peer peer,
      @Nullable VirtualDomain lookupDomain) {
    if (resolution instanceof Resolution.Unresolved u && u.reason() != Resolution.Reason.NO_DOMAINS
        && lookupDomain != null) {
      directory.lookup(lookupDomain, DECOY_USER);
    }
    boolean[] worked = new boolean[sources.size()];
    ChainResult r = decide(credentials, resolution, peer, worked);
    // A temporary failure says so to the client ([SYS/TEMP]) and tells nothing about the user.
    if (r.result() instanceof AuthResult.Failure f && f.kind() != AuthResult.Kind.TEMPORARY) {
      String name = switch (resolution) {
        case Resolution.Resolved rs -> rs.user().name();
        case Resolution.Unresolved u -> credentials.user().toLowerCase(Locale.ROOT);
      };
      boolean accountsAllowed = switch (resolution) {
        case Resolution.Resolved rs -> !rs.how().namedInLogin();
        case Resolution.Unresolved u -> u.reason() != Resolution.Reason.UNKNOWN_DOMAIN;
      };
      boolean busy = false;
      for (int i = 0; i < worked.length; i++) {
        if (!worked[i] && !sources.get(i).decoy(credentials, name, accountsAllowed)) {
          busy = true;
        }
      }
      if (busy) {
        return fail(AuthResult.Kind.TEMPORARY, r.steps(), SourceResult.Reject.BUSY.detail());
      }
    }
    return r;
  }

  private ChainResult decide(Credentials credentials, Resolution resolution, Peer peer, boolean[] worked) {
    Subject subject;
    switch (resolution) {
      case Resolution.Unresolved u -> {
        if (u.reason() != Resolution.Reason.NO_DOMAINS) {
          return fail(AuthResult.Kind.UNKNOWN_USER, List.of(), u.detail());
        }
        subject = new Subject.NoVirtualUser(credentials.user(), true);
      }
      case Resolution.Resolved r -> {
        switch (directory.lookup(r.domain(), r.user())) {
          case UserDirectory.Found f -> subject = new Subject.VirtualUser(r.domain(), f.user(), f.home());
          case UserDirectory.NotFound nf ->
              subject = new Subject.NoVirtualUser(r.user().name(), !r.how().namedInLogin());
          case UserDirectory.Failed f -> {
            return fail(AuthResult.Kind.TEMPORARY, List.of(), f.detail());
          }
        }
      }
    }
    List<ChainResult.Step> steps = new ArrayList<>(sources.size());
    boolean tried = false;
    for (int i = 0; i < sources.size(); i++) {
      AuthSource source = sources.get(i);
      SourceResult r = source.check(credentials, subject, peer);
      steps.add(new ChainResult.Step(source.source(), r));
      worked[i] = switch (r) {
        case SourceResult.Accept a -> true;
        case SourceResult.Skip k -> k.tried();
        case SourceResult.Reject j -> j.kind() != AuthResult.Kind.TEMPORARY;
      };
      switch (r) {
        case SourceResult.Accept a -> {
          if (subject instanceof Subject.VirtualUser v && v.user().disabled()) {
            return fail(AuthResult.Kind.DISABLED, steps, "user " + a.identity().canonicalName() + " is disabled");
          }
          return new ChainResult(new AuthResult.Success(a.identity()), steps);
        }
        case SourceResult.Reject j -> {
          return fail(j.kind(), steps, j.detail());
        }
        case SourceResult.Skip k -> tried |= k.tried();
      }
    }
    if (tried || subject instanceof Subject.VirtualUser) {
      return fail(AuthResult.Kind.MISMATCH, steps, "no source accepted the credentials");
    }
    return fail(AuthResult.Kind.UNKNOWN_USER, steps, "no such user");
  }

  private static ChainResult fail(AuthResult.Kind kind, List<ChainResult.Step> steps, String detail) {
    return new ChainResult(new AuthResult.Failure(kind, detail), steps);
  }
}
