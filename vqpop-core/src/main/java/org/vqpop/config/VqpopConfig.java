package org.vqpop.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration, one record per table of {@code vqpop.toml}, as {@link ConfigLoader}
 * binds it from the file, the environment and the command line: the one value {@code vqpop
 * serve}, {@code vqpop deliver}, {@code chkpoppass} and the administrative commands are handed.
 *
 * @param mailhome the mail home: {@code virtualpopdomains} and the domains' directories
 * @param qmail qmail's directory ({@code users/assign}, {@code control/virtualdomains})
 * @param popUser the account that owns the mail home (the seed's {@code alias})
 * @param popHome that account's home, for {@code .qmail-vdom-default}; null: from the passwd file
 */
public record VqpopConfig(Path mailhome, Path qmail, String popUser, @Nullable Path popHome, Listeners pop3,
    Listeners pop3s, LmtpConfig lmtp, DeliveryConfig delivery, TlsSettings tls, LoginSettings login, Limits limits,
    Passwords passwords) {

  public static final Path DEFAULT_MAILHOME = Path.of("/var/mailhome");
  public static final Path DEFAULT_QMAIL = Path.of("/var/qmail");
  public static final String DEFAULT_POP_USER = "alias";

  /** Every key at its default: what an empty file gives. */
  public static final VqpopConfig DEFAULTS = new VqpopConfig(DEFAULT_MAILHOME, DEFAULT_QMAIL, DEFAULT_POP_USER, null,
      Listeners.NONE, Listeners.NONE, LmtpConfig.OFF, DeliveryConfig.DEFAULTS, TlsSettings.NONE, LoginSettings.DEFAULTS,
      Limits.DEFAULTS, Passwords.DEFAULTS);

  public VqpopConfig {
    if (popUser.isEmpty()) {
      throw new KeyProblem("pop_user", "must not be empty");
    }
  }

  @JsonCreator
  static VqpopConfig bind(
      @JsonProperty("mailhome") @Nullable String mailhome,
      @JsonProperty("qmail") @Nullable String qmail,
      @JsonProperty("pop_user") @Nullable String popUser,
      @JsonProperty("pop_home") @Nullable String popHome,
      @JsonProperty("pop3") @Nullable Listeners pop3,
      @JsonProperty("pop3s") @Nullable Listeners pop3s,
      @JsonProperty("lmtp") @Nullable LmtpConfig lmtp,
      @JsonProperty("delivery") @Nullable DeliveryConfig delivery,
      @JsonProperty("tls") @Nullable TlsSettings tls,
      @JsonProperty("login") @Nullable LoginSettings login,
      @JsonProperty("limits") @Nullable Limits limits,
      @JsonProperty("passwords") @Nullable Passwords passwords) {
    VqpopConfig d = DEFAULTS;
    return new VqpopConfig(mailhome != null ? Path.of(mailhome) : d.mailhome(), qmail != null ? Path.of(qmail) : d.qmail(),
        popUser != null ? popUser : d.popUser(), popHome != null ? Path.of(popHome) : null,
        pop3 != null ? pop3 : d.pop3(), pop3s != null ? pop3s : d.pop3s(), lmtp != null ? lmtp : d.lmtp(),
        delivery != null ? delivery : d.delivery(), tls != null ? tls : d.tls(), login != null ? login : d.login(),
        limits != null ? limits : d.limits(), passwords != null ? passwords : d.passwords());
  }

  /**
   * What keeps {@code vqpop serve} from starting with this configuration, each naming its keys
   * and options; empty when it can start (as far as the values go: files are checked at start).
   */
  public List<String> serveProblems() {
    List<String> out = new ArrayList<>();
    if (pop3.listen().isEmpty() && pop3s.listen().isEmpty() && !lmtp.enabled()) {
      out.add("no listener: give pop3.listen, pop3s.listen, lmtp.listen or lmtp.socket"
          + " (--pop3, --pop3s, --lmtp, --lmtp-socket)");
    }
    if (!pop3s.listen().isEmpty() && !tls.enabled()) {
      out.add("pop3s listeners need a certificate: tls.cert and tls.key (--tls-cert, --tls-key)");
    }
    return out;
  }

  // Withers, for tests and the demo: each returns a copy with one table (or key) replaced.

  public VqpopConfig mailhome(Path p) {
    return new VqpopConfig(p, qmail, popUser, popHome, pop3, pop3s, lmtp, delivery, tls, login, limits, passwords);
  }

  public VqpopConfig pop3(List<ListenAddress> a) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, new Listeners(a), pop3s, lmtp, delivery, tls, login, limits,
        passwords);
  }

  public VqpopConfig pop3s(List<ListenAddress> a) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, new Listeners(a), lmtp, delivery, tls, login, limits,
        passwords);
  }

  public VqpopConfig lmtp(LmtpConfig l) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, pop3s, l, delivery, tls, login, limits, passwords);
  }

  public VqpopConfig delivery(DeliveryConfig d) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, pop3s, lmtp, d, tls, login, limits, passwords);
  }

  public VqpopConfig tls(TlsSettings t) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, pop3s, lmtp, delivery, t, login, limits, passwords);
  }

  public VqpopConfig certificate(Path cert, Path key) {
    return tls(tls.withCertificate(cert, key));
  }

  public VqpopConfig sni(TlsSettings.SniCertificate s) {
    return tls(tls.withSni(s));
  }

  public VqpopConfig login(LoginSettings l) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, pop3s, lmtp, delivery, tls, l, limits, passwords);
  }

  public VqpopConfig limits(Limits l) {
    return new VqpopConfig(mailhome, qmail, popUser, popHome, pop3, pop3s, lmtp, delivery, tls, login, l, passwords);
  }
}
