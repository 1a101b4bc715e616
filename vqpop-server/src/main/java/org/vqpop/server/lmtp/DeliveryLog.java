package org.vqpop.server.lmtp;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.Status;
import org.vqpop.lmtp.LmtpEvents;
import org.vqpop.log.LogLine;

/**
 * One INFO line per recipient, as an MTA's log has it: {@code lmtp client=... listener=...
 * from=<...> to=<...> size=N status=250 dsn=2.0.0 file=...}, or {@code detail="..."} when refused
 * ({@code at=rcpt} when refused at RCPT, before the data). The {@code detail} is the server's side
 * of a refusal (which file, which quota) and never reaches the client. Built by {@link LogLine}.
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
    line(sender, recipient).add("status", status.code()).add("dsn", status.enhanced()).add("at", "rcpt")
        .text("detail", detail != null ? detail : "").info(log);
  }

  @Override
  public void delivered(String sender, String recipient, long size, DeliveryAgent.Outcome outcome) {
    Status s = outcome.status();
    LogLine line = line(sender, recipient).add("size", size).add("status", s.code()).add("dsn", s.enhanced());
    if (outcome.file() != null) {
      line.text("file", outcome.file());
    } else {
      line.text("detail", outcome.detail() != null ? outcome.detail() : "");
    }
    line.info(log);
  }

  private LogLine line(String sender, String recipient) {
    return LogLine.of("lmtp").add("client", client).add("listener", listener)
        .text("from", "<" + sender + ">").text("to", "<" + recipient + ">");
  }
}
