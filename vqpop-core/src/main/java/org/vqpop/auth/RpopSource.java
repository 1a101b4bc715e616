package org.vqpop.auth;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.vqpop.domain.AddressLiterals;

/**
 * The seed's fourth source, RPOP (RFC 1081 §5), off unless trusted hosts are configured.
 *
 * <p>The trust model, as with rlogin's {@code hosts.equiv}: the server believes what a trusted
 * host says about its own users. Only root can bind a port below 1024 on a Unix host, so a
 * connection from such a port was made by a privileged program (nmh's {@code inc}, setuid root)
 * that knows which local user runs it. RPOP is therefore exactly as safe as the trusted hosts
 * and the network path between them and this server: anyone who is root on a trusted host, or
 * who can spoof its address, can read any mailbox. Use it only on a network you control.
 *
 * <p>A login is accepted when the client's address (an address literal, never a name that a
 * reverse lookup could fake) is trusted, its port is privileged, the user is a virtual user, and
 * the password field carries the user name itself: RFC 1081's RPOP argument is the client-side
 * user name, and with no {@code .rhosts} mapping only the same name is vouched for.
 */
final class RpopSource implements AuthSource {
  private final Set<String> trusted;

  /** @param trustedHosts address literals, canonical or not */
  RpopSource(Set<String> trustedHosts) {
    this.trusted = trustedHosts.stream().map(AddressLiterals::canonical).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public Source source() {
    return Source.RPOP;
  }

  @Override
  public SourceResult check(Credentials credentials, Subject subject, Peer peer) {
    if (!(credentials instanceof Credentials.UserPass p)
        || !(subject instanceof Subject.VirtualUser v)
        || peer.port() < 1 || peer.port() >= 1024
        || peer.address().isEmpty()
        || !trusted.contains(AddressLiterals.canonical(peer.address()))) {
      return SourceResult.Skip.NOT_APPLICABLE;
    }
    byte[] name = v.user().name().name().getBytes(StandardCharsets.US_ASCII);
    return Secrets.equal(name, p.password())
        ? new SourceResult.Accept(Identities.virtual(v, Source.RPOP))
        : SourceResult.Skip.MISMATCH;
  }
}
