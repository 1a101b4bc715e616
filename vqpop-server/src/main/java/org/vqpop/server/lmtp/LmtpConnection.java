package org.vqpop.server.lmtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.vqpop.delivery.Status;
import org.vqpop.lmtp.LmtpReply;
import org.vqpop.lmtp.LmtpSession;
import org.vqpop.lmtp.LmtpWriter;
import org.vqpop.server.net.Deadline;
import org.vqpop.wire.LineReader;

/**
 * One LMTP connection, over TCP or a unix socket, on its own virtual thread: the only code that
 * reads or writes an LMTP stream. It reads a line, hands it to the {@link LmtpSession} and writes
 * the reply with {@link LmtpWriter}.
 *
 * <p>Replies to pipelined commands (RFC 2920) are written as a batch: the output is flushed only
 * when no whole line is left in the input buffer, i.e. before the connection would wait for the
 * client. A client that waits for a reply has sent no further line, so it always gets its reply.
 *
 * <p>Each line must be complete within the idle timeout ({@link Deadline}: bytes that do not end
 * a line are no activity, so a client cannot trickle its way past it). A command line over the
 * limit is answered and the connection closed as soon as the limit is passed, without waiting
 * for its end. The idle timeout is answered {@code 421 4.4.2} and the connection closed; a session that
 * ends before the final dot delivers nothing. An internal error is logged with its stack trace
 * and the client only gets {@code 421 4.3.0}.
 */
final class LmtpConnection {
  private final LmtpService service;
  private final String client;
  private final String listener;
  private final Deadline deadline;

  LmtpConnection(LmtpService service, String client, String listener, Deadline deadline) {
    this.service = service;
    this.client = client;
    this.listener = listener;
    this.deadline = deadline;
  }

  void run(InputStream in, OutputStream rawOut) throws IOException {
    OutputStream out = new BufferedOutputStream(rawOut, 4096);
    LmtpSession session = new LmtpSession(service.deliveries, service.settings, new DeliveryLog(client, listener));
    try {
      serve(session, in, out);
    } catch (RuntimeException e) {
      DeliveryLog.log.error("lmtp client={} listener={}: internal error", client, listener, e);
      write(new LmtpReply.Single(new Status(421, "4.3.0", "internal error, closing"), LmtpReply.Action.CLOSE), out);
    } catch (IOException e) {
      DeliveryLog.log.debug("lmtp client={} listener={}: {}", client, listener, e.toString());
    }
  }

  private void serve(LmtpSession session, InputStream in, OutputStream out) throws IOException {
    LineReader reader = new LineReader(in, LmtpSession.MAX_LINE, LineReader.BareLf.REJECT);
    LmtpWriter.write(session.greeting(), out);
    out.flush();
    for (;;) {
      LmtpReply reply;
      try {
        deadline.armIdle(service.idleTimeout, "idle timeout");
        reply = switch (reader.read()) {
          case LineReader.Line l -> session.handle(l.bytes());
          case LineReader.Overlong o -> overlong(session);
          case LineReader.BareLfLine b -> session.bareLfLine();
          case LineReader.Eof e -> null;
          case LineReader.EofMidLine e -> null;
        };
      } catch (SocketTimeoutException e) {
        DeliveryLog.log.info("lmtp client={} listener={}: {}", client, listener, e.getMessage());
        reply = session.idleTimeout();
      }
      if (reply == null) {
        if (session.state() != LmtpSession.State.CLOSED && session.state() != LmtpSession.State.READY
            && session.state() != LmtpSession.State.START) {
          DeliveryLog.log.info("lmtp client={} listener={}: connection lost in a transaction; nothing delivered",
              client, listener);
        }
        return;
      }
      LmtpWriter.write(reply, out);
      if (reply.after() == LmtpReply.Action.CLOSE) {
        out.flush();
        return;
      }
      if (!reader.hasBufferedLine()) {
        out.flush();
      }
    }
  }

  /**
   * A line over the limit: in the data the session refuses the message and reading goes on; a
   * command line that long is no MTA's, so it is answered and the connection closed, rather than
   * reading on to its end.
   */
  private LmtpReply overlong(LmtpSession session) {
    boolean inData = session.state() == LmtpSession.State.DATA;
    LmtpReply r = session.overlongLine();
    if (inData || r.after() == LmtpReply.Action.CLOSE || !(r instanceof LmtpReply.Single s)) {
      return r;
    }
    DeliveryLog.log.info("lmtp client={} listener={}: command line over {} octets, closing", client, listener,
        LmtpSession.MAX_LINE);
    return new LmtpReply.Single(s.status(), LmtpReply.Action.CLOSE);
  }

  private static void write(LmtpReply reply, OutputStream out) {
    try {
      LmtpWriter.write(reply, out);
      out.flush();
    } catch (IOException e) {
      // The client is gone; nothing more to tell it.
    }
  }
}
