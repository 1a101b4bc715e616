package org.vqpop.server.lmtp;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.Status;
import org.vqpop.lmtp.LmtpEvents;

/**
 * One INFO line per recipient, as an MTA's log has it: {@code lmtp client=... from=<...>
 * to=<...> size=N status=250 2.0.0 file=...}, or {@code detail="..."} when refused. The
 * {@code detail} is the server's side of a refusal (which file, which quota) and never reaches
 * the client.
 */
final class DeliveryLog implements LmtpEvents {
  static final Logger log = LoggerFactory.getLogger("org.vqpop.server.lmtp");

  private final String client;
  private final String listener;

  DeliveryLog(String client, String listener) {
    this.client = client;
    this.listener = listener;
  }

  @Override
  public void recipientRefused(String sender, String recipient, Status status, @Nullable String detail) {
    log.info("lmtp client={} listener={} from=<{}> to=<{}> status={} {} at=rcpt detail=\"{}\"", client, listener,
        sender, recipient, status.code(), status.enhanced(), detail != null ? detail : "");
  }

  @Override
  public void delivered(String sender, String recipient, long size, DeliveryAgent.Outcome outcome) {
    Status s = outcome.status();
    if (outcome.file() != null) {
      log.info("lmtp client={} listener={} from=<{}> to=<{}> size={} status={} {} file={}", client, listener, sender,
          recipient, size, s.code(), s.enhanced(), outcome.file());
    } else {
      log.info("lmtp client={} listener={} from=<{}> to=<{}> size={} status={} {} detail=\"{}\"", client, listener,
          sender, recipient, size, s.code(), s.enhanced(), outcome.detail() != null ? outcome.detail() : "");
    }
  }
}
