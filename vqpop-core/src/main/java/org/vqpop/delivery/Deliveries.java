package org.vqpop.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.vqpop.config.DeliveryConfig;
import org.vqpop.directory.CdbUserDirectory;
import org.vqpop.domain.DomainTable;
import org.vqpop.mailhome.MailHome;
import org.vqpop.maildir.MaildirDeliverer;
import org.vqpop.net.SystemHostName;

/**
 * Local delivery as the protocols see it: resolve a recipient, optionally check early that its
 * mailbox has room, deliver one message to it. The seam between the LMTP engine (or {@code vqpop
 * deliver}) and the mail home; tests give the engine a fake. Implementations are thread-safe.
 */
public interface Deliveries {

  /** Resolves {@code address} ({@code local@domain}, without angle brackets). */
  RecipientResolver.Resolution resolve(String address);

  /**
   * A cheap check before the message is sent: a status refusing {@code rcpt} when its mailbox
   * cannot take a message of {@code size} octets (0 when the size is not known), else null. The
   * final word is {@link #deliver}'s.
   */
  @Nullable Status precheck(RecipientResolver.Resolved rcpt, long size);

  /** Delivers {@code message} from {@code sender} (empty for bounces) to {@code rcpt}. */
  DeliveryAgent.Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message);

  /**
   * An empty message to fill, refused past {@code limit} octets, spooled to a file past this
   * delivery's spool threshold; the caller closes it. In memory unless overridden.
   */
  default IncomingMessage newMessage(long limit) {
    return new IncomingMessage(limit);
  }

  /** Reads a message from {@code in} as {@link #newMessage} would hold it; the caller closes it. */
  default IncomingMessage read(InputStream in, long limit) throws IOException {
    return IncomingMessage.read(in, limit);
  }

  /**
   * Delivers {@code message} as {@link DeliveryAgent#deliver(RecipientResolver.Resolved, String,
   * IncomingMessage, DeliveryTrace.Verdict)} does, for a program run by an MTA that may have
   * prepended its own trace fields ({@code vqpop deliver}).
   */
  default DeliveryAgent.Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message,
      DeliveryTrace.Verdict mta) {
    return deliver(rcpt, sender, message);
  }

  /**
   * Delivery into the Maildirs of {@code home}'s virtual users: domains from {@code
   * virtualpopdomains} and users from each domain's {@code poppasswd.cdb}, both followed as they
   * change, without a restart. Messages past {@link DeliveryConfig#spoolThreshold()} go to
   * {@link DeliveryConfig#spoolDir()}, by default {@code MAILHOME/.vqpop-spool}.
   */
  static Deliveries create(MailHome home, DeliveryConfig config) {
    Spool spool = spool(home, config);
    RecipientResolver resolver = new RecipientResolver(
        new DomainTable(home.virtualPopDomains(), org.vqpop.login.LoginService.DOMAIN_TABLE_CHECK.toMillis()), new CdbUserDirectory(home.layout()), home,
        config.detailSeparators());
    String host = config.hostname() != null ? config.hostname() : SystemHostName.get();
    DeliveryAgent agent = new DeliveryAgent(new MaildirDeliverer(host, Clock.systemUTC()), config.quotaFullTemporary());
    return new Deliveries() {
      @Override
      public RecipientResolver.Resolution resolve(String address) {
        return resolver.resolve(address);
      }

      @Override
      public @Nullable Status precheck(RecipientResolver.Resolved rcpt, long size) {
        return agent.precheck(rcpt, size);
      }

      @Override
      public DeliveryAgent.Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message) {
        return agent.deliver(rcpt, sender, message);
      }

      @Override
      public IncomingMessage newMessage(long limit) {
        return new IncomingMessage(limit, spool);
      }

      @Override
      public IncomingMessage read(InputStream in, long limit) throws IOException {
        return IncomingMessage.read(in, limit, spool);
      }

      @Override
      public DeliveryAgent.Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message,
          DeliveryTrace.Verdict mta) {
        return agent.deliver(rcpt, sender, message, mta);
      }
    };
  }

  /** The spool {@link #create} uses: {@code delivery.spool_dir}, else {@code MAILHOME/.vqpop-spool}. */
  static Spool spool(MailHome home, DeliveryConfig config) {
    java.nio.file.Path dir = config.spoolDir();
    return new Spool(dir != null ? dir : home.root().resolve(Spool.DEFAULT_DIRECTORY), config.spoolThreshold());
  }
}
