package org.vqpop.server.lmtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.vqpop.lmtp.DataPace;
import org.vqpop.lmtp.LmtpReplies;
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
 * for its end. The idle timeout is answered {@code 421 4.4.2} and the connection closed, and so is a
 * message's data that breaks its deadline or minimum rate ({@link PacedInput}); a session that
 * ends before the final dot delivers nothing, and its spooled data is dropped. An internal error
 * is logged with its stack trace and the client only gets {@code 421 4.3.0}.
 *
 * <p>Stopping ({@link LmtpService#shutdown}): a connection blocked waiting for a command is told
 * {@code 421 4.3.2} by the stopping thread ({@link #stopIfWaiting}) and closed, which ends its
 * read; one busy with a command or in a message's data gets the 421 from its own thread at the
 * next command boundary, after its transaction's replies. {@code lock} guards the hand-over: the
 * stopping thread writes only while {@code waiting} says the connection's thread is (about to
 * be) blocked in a read, which then touches nothing before it has taken the lock again.
 */
final class LmtpConnection {
  private final LmtpService service;
  private final String client;
  private final String listener;
  private final @Nullable String clientAddress;
  private final PacedInput.ReadTimeout readTimeout;
  private final Deadline deadline;

  private final Object lock = new Object();
  // Guarded by lock.
  private boolean waiting;
  private boolean stopped;
  private @Nullable LmtpSession session;
  private @Nullable OutputStream out;
  private @Nullable OutputStream rawOut;

  LmtpConnection(LmtpService service, String client, String listener, @Nullable String clientAddress,
      PacedInput.ReadTimeout readTimeout, Deadline deadline) {
    this.service = service;
    this.client = client;
    this.listener = listener;
    this.clientAddress = clientAddress;
    this.readTimeout = readTimeout;
    this.deadline = deadline;
  }

  void run(InputStream in, OutputStream raw) throws IOException {
    OutputStream buffered = new BufferedOutputStream(raw, 4096);
    LmtpSession s = new LmtpSession(service.deliveries, service.settings, new DeliveryLog(client, listener),
        clientAddress, Clock.systemDefaultZone());
    synchronized (lock) {
      session = s;
      out = buffered;
      rawOut = raw;
    }
    service.opened(this);
    try {
      serve(s, new PacedInput(in, readTimeout, service.idleMillis()), buffered);
    } catch (RuntimeException e) {
      DeliveryLog.log.error("lmtp client={} listener={}: internal error", client, listener, e);
      write(new LmtpReply.Single(LmtpReplies.INTERNAL_ERROR, LmtpReply.Action.CLOSE), buffered);
    } catch (IOException e) {
      DeliveryLog.log.debug("lmtp client={} listener={}: {}", client, listener, e.toString());
    } finally {
      service.closed(this);
      synchronized (lock) {
        s.close();
      }
    }
  }

  private void serve(LmtpSession session, PacedInput in, OutputStream out) throws IOException {
    LineReader reader = new LineReader(in, LmtpSession.MAX_LINE, LineReader.BareLf.REJECT);
    LmtpWriter.write(session.greeting(), out);
    out.flush();
    for (;;) {
      synchronized (lock) {
        if (stopped) {
          return;
        }
        if (service.stopping() && session.state() != LmtpSession.State.DATA) {
          DeliveryLog.log.info("lmtp client={} listener={}: server stopping, closing", client, listener);
          write(session.shuttingDown(), out);
          return;
        }
        waiting = session.state() != LmtpSession.State.DATA && !reader.hasBufferedLine();
      }
      LmtpReply reply;
      LineReader.Result line;
      try {
        deadline.armIdle(service.idleTimeout, "idle timeout");
        line = reader.read();
      } catch (SocketTimeoutException e) {
        line = null;
        DeliveryLog.log.info("lmtp client={} listener={}: {}", client, listener, e.getMessage());
      } catch (PacedInput.DataTimeout e) {
        // Only in the data, where the stopping thread leaves the connection alone.
        DeliveryLog.log.info("lmtp client={} listener={}: data {} after {} octets; nothing delivered", client,
            listener, e.breach() == DataPace.Breach.TIMEOUT ? "took too long" : "too slow", in.dataOctets());
        write(session.dataTimeout(e.breach()), out);
        return;
      } catch (IOException e) {
        synchronized (lock) {
          if (stopped) {
            return; // closed by stopIfWaiting, which told the client
          }
        }
        throw e;
      }
      synchronized (lock) {
        waiting = false;
        if (stopped) {
          return;
        }
      }
      // From here to the next loop the stopping thread does not touch the session or the output.
      if (line == null) {
        reply = session.idleTimeout();
      } else {
        reply = switch (line) {
          case LineReader.Line l -> session.handle(l.bytes());
          case LineReader.Overlong o -> overlong(session);
          case LineReader.BareLfLine b -> session.bareLfLine();
          case LineReader.Eof e -> null;
          case LineReader.EofMidLine e -> null;
        };
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
      if (session.state() == LmtpSession.State.DATA) {
        if (!in.timing()) {
          in.start(service.settings.data());
        }
      } else {
        in.stop();
      }
    }
  }

  /**
   * From the stopping thread: if this connection is blocked waiting for a command, tells the
   * client {@code 421 4.3.2} and closes the connection, which ends the blocked read. Otherwise
   * does nothing; the connection's own thread sees {@link LmtpService#stopping()} at its next
   * command.
   */
  void stopIfWaiting() {
    synchronized (lock) {
      LmtpSession s = session;
      OutputStream o = out;
      OutputStream r = rawOut;
      if (!waiting || stopped || s == null || o == null || r == null) {
        return;
      }
      stopped = true;
      DeliveryLog.log.info("lmtp client={} listener={}: server stopping, closing", client, listener);
      write(s.shuttingDown(), o);
      try {
        r.close();
      } catch (IOException e) {
        // Closed already.
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
