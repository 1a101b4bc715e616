package org.vqpop.server.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.vqpop.pop3.ConnectionInfo;
import org.vqpop.pop3.Pop3Context;
import org.vqpop.pop3.Pop3Reply;
import org.vqpop.pop3.Pop3Session;
import org.vqpop.pop3.ReplyWriter;
import org.vqpop.server.net.Deadline;
import org.vqpop.server.pop3.SessionLog.Cause;
import org.vqpop.server.tls.TlsContext;
import org.vqpop.wire.LineReader;

/**
 * One POP3 connection, on its own virtual thread: the only code that reads or writes a POP3
 * socket. It reads a line, hands it to the {@link Pop3Session}, writes the reply with {@link
 * ReplyWriter} and acts on {@link Pop3Reply#after()}. A reply leaves at once (TCP_NODELAY is
 * set) unless the client has already sent its next command: replies to pipelined commands are
 * batched into one write ({@link BatchingOutput}).
 *
 * <p>Limits: a command line is at most {@link #MAX_LINE} octets (RFC 2449 §4 raised RFC 1939's
 * limit to 255 octets with CRLF; a few more are tolerated); a longer one is answered {@code -ERR}
 * and the connection closed as soon as the limit is passed. A failed login is answered only after
 * a pause that grows with the failures from the same address.
 *
 * <p>Deadlines ({@link Deadline}), which no trickle of bytes can push back: the client must be
 * logged in within the login timeout of the connection, whatever it sends meanwhile; a TLS
 * handshake (POP3S, STLS) must end within the handshake timeout (and the login deadline). Once
 * logged in, each command must be complete within the idle timeout of the previous one (RFC 1939
 * §3's autologout timer: bytes without a line end are no activity), and a reply must make progress
 * within it (a client that reads nothing cannot hold the connection by filling its window). A
 * connection closed at a deadline ends without UPDATE and is logged with the deadline's name.
 *
 * <p>STLS (RFC 2595 §4): if the client sent more bytes after the STLS line, they were sent in
 * plaintext and would be taken as commands of the encrypted session (the STARTTLS command
 * injection, CVE-2011-0411 and its kin), so the connection is closed instead of answering
 * {@code +OK}. Bytes that arrive later are fed to the TLS handshake, which fails on them.
 */
final class Pop3Connection {
  static final int MAX_LINE = 255;

  /** The deadlines' names, in the log and in {@link #timedOut()}. */
  static final String LOGIN_DEADLINE = "login timeout";
  static final String HANDSHAKE_DEADLINE = "TLS handshake timeout";
  static final String IDLE_DEADLINE = "idle timeout";

  private final Pop3Service service;
  /** The service's settings and TLS when this connection started (a reload does not change them). */
  private final Pop3Service.Settings settings;
  private final @Nullable TlsContext tls;
  private final Socket raw;
  private final Deadline deadline;
  /** When the client must have logged in, as a {@link System#nanoTime} value. */
  private final long loginBy;
  private final String listener;
  private final boolean implicitTls;
  private final SessionLog log;
  private final InetAddress peer;

  Pop3Connection(Pop3Service service, Socket raw, Deadline deadline, String listener, boolean implicitTls) {
    this.service = service;
    this.settings = service.settings();
    this.tls = service.tls();
    this.raw = raw;
    this.deadline = deadline;
    this.loginBy = System.nanoTime() + settings.loginTimeout().toNanos();
    this.listener = listener;
    this.implicitTls = implicitTls;
    this.peer = raw.getInetAddress();
    this.log = new SessionLog(peer.getHostAddress() + ":" + raw.getPort(), listener);
  }

  void run() {
    Pop3Session session = null;
    try {
      deadline.armAt(loginBy, LOGIN_DEADLINE);
      raw.setSoTimeout(millis(settings.idleTimeout()));
      Socket socket = raw;
      String sni = null;
      if (implicitTls) {
        SSLSocket s = handshake(raw);
        if (s == null) {
          return;
        }
        socket = s;
        sni = tlsStarted(s);
      }
      SwitchingBackend backend = new SwitchingBackend(service.backends, info(sni, implicitTls));
      session = new Pop3Session(backend, context(implicitTls));
      serve(session, backend, socket);
    } catch (SocketTimeoutException e) {
      log.cause(timedOut());
    } catch (SSLException e) {
      log.cause(deadline.expired() != null ? timedOut() : Cause.TLS_FAILED);
    } catch (IOException e) {
      // e.g. a write cut off by the deadline: the client read nothing
      log.cause(deadline.expired() != null ? timedOut() : Cause.IO_ERROR);
    } catch (InterruptedException e) {
      log.cause(Cause.SHUTDOWN);
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.cause(Cause.INTERNAL_ERROR);
      SessionLog.log.error("internal error client={} listener={}", peer.getHostAddress(), listener, e);
    } finally {
      if (session != null) {
        session.close(); // without QUIT nothing is deleted (RFC 1939 §6)
      }
      log.emit();
    }
  }

  private void serve(Pop3Session session, SwitchingBackend backend, Socket socket)
      throws IOException, InterruptedException {
    ReplyWriter writer = new ReplyWriter();
    InputStream in = deadline.input(socket.getInputStream());
    LineReader reader = new LineReader(in, MAX_LINE, LineReader.BareLf.ACCEPT);
    BatchingOutput out = new BatchingOutput(deadline.output(socket.getOutputStream()), reader);
    writer.write(session.greeting(), out);
    for (;;) {
      if (session.state() == Pop3Session.State.TRANSACTION) {
        // RFC 1939 §3's inactivity timer, started over for each command; before the login the
        // login deadline stands.
        deadline.armIdle(settings.idleTimeout(), IDLE_DEADLINE);
      }
      Pop3Reply reply = switch (reader.read()) {
        case LineReader.Line l -> session.handle(l.bytes());
        case LineReader.Overlong o -> session.overlongLine();
        case LineReader.BareLfLine b -> session.overlongLine(); // not with ACCEPT
        case LineReader.Eof e -> null;
        case LineReader.EofMidLine e -> null;
      };
      if (reply == null) {
        return; // the client went away; close() below ends the session without UPDATE
      }
      if (log.takeLoginFailure()) {
        Duration pause = service.delays.failed(peer);
        if (!pause.isZero()) {
          Thread.sleep(pause); // a virtual thread: sleeping costs nothing
        }
      }
      if (reply.after() == Pop3Reply.Action.START_TLS && (reader.hasBuffered() || in.available() > 0)) {
        // Checked before the +OK: until the client has seen it, it has no reason to send more,
        // and afterwards its ClientHello would be in the buffer too.
        ReplyWriter.discard(reply);
        log.cause(Cause.STLS_PIPELINED);
        return;
      }
      writer.write(reply, out);
      switch (reply.after()) {
        case NONE -> {}
        case CLOSE -> {
          out.flushNow();
          return;
        }
        case START_TLS -> {
          out.flushNow();
          SSLSocket s = handshake(socket);
          if (s == null) {
            return;
          }
          socket = s;
          String sni = tlsStarted(s);
          session.tlsStarted(plaintextAllowed(true));
          backend.connectionChanged(info(sni, true));
          in = deadline.input(s.getInputStream());
          reader = new LineReader(in, MAX_LINE, LineReader.BareLf.ACCEPT);
          out = new BatchingOutput(deadline.output(s.getOutputStream()), reader);
        }
      }
    }
  }

  private @Nullable SSLSocket handshake(Socket plain) throws IOException {
    TlsContext tls = this.tls;
    if (tls == null) {
      throw new IllegalStateException("TLS requested without a TLS context");
    }
    // The handshake reads inside JSSE: the deadline (not a read timeout) bounds it in all.
    Duration limit = settings.handshakeTimeout();
    long by = System.nanoTime() + limit.toNanos();
    if (by - loginBy < 0) {
      deadline.armAt(by, HANDSHAKE_DEADLINE);
    } else {
      deadline.armAt(loginBy, LOGIN_DEADLINE);
    }
    try {
      SSLSocket s = tls.handshake(plain, limit);
      s.setSoTimeout(millis(settings.idleTimeout()));
      deadline.armAt(loginBy, LOGIN_DEADLINE); // POP3S and STLS both come before the login
      return s;
    } catch (IOException e) {
      log.cause(deadline.expired() != null ? timedOut()
          : e instanceof SocketTimeoutException ? Cause.TIMEOUT : Cause.TLS_FAILED);
      return null;
    }
  }

  /** Which deadline passed, for the log. */
  private Cause timedOut() {
    String why = deadline.expired();
    if (why == null) {
      return Cause.TIMEOUT; // a socket read timeout: silence longer than the idle timeout
    }
    return switch (why) {
      case LOGIN_DEADLINE -> Cause.LOGIN_TIMEOUT;
      case HANDSHAKE_DEADLINE -> Cause.HANDSHAKE_TIMEOUT;
      default -> Cause.IDLE_TIMEOUT;
    };
  }

  private @Nullable String tlsStarted(SSLSocket s) {
    String sni = TlsContext.requestedName(s.getSession());
    log.tls(s.getSession().getProtocol(), sni);
    return sni;
  }

  private ConnectionInfo info(@Nullable String sni, boolean tls) {
    InetSocketAddress local = (InetSocketAddress) raw.getLocalSocketAddress();
    return new ConnectionInfo(local.getAddress().getHostAddress(), null, local.getPort(), peer.getHostAddress(),
        raw.getPort(), sni, tls, listener);
  }

  private Pop3Context context(boolean tlsActive) {
    return new Pop3Context(service.timestamps.next(), tlsActive, !tlsActive && tls != null,
        plaintextAllowed(tlsActive), "vqpop", settings.maxBadCommands(), log);
  }

  /** RFC 2595 §2.2: no cleartext passwords over an unencrypted network connection unless allowed. */
  private boolean plaintextAllowed(boolean tlsActive) {
    return tlsActive || settings.allowPlaintext() || settings.localPeers().test(peer);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /**
   * The connection's output buffer. A reply's flush is held back while the client has already
   * sent another whole command (RFC 2449 PIPELINING), so a batch of pipelined commands is answered
   * with one write instead of one per reply; the last reply of a batch goes out at once. The
   * buffer starts small (an idle session keeps only that) and grows up to {@link #MAX_BATCH} for
   * batches; a write at least that large (a RETR's 64 KiB chunks) goes straight to the socket.
   */
  static final class BatchingOutput extends OutputStream {
    static final int MAX_BATCH = 16 * 1024;

    private final OutputStream socket;
    private final LineReader pending;
    private byte[] buf = new byte[256];
    private int n;

    BatchingOutput(OutputStream socket, LineReader pending) {
      this.socket = socket;
      this.pending = pending;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (n + len > MAX_BATCH) {
        drain();
        if (len >= MAX_BATCH) {
          socket.write(b, off, len);
          return;
        }
      }
      if (n + len > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.min(MAX_BATCH, Math.max(buf.length * 2, n + len)));
      }
      System.arraycopy(b, off, buf, n, len);
      n += len;
    }

    @Override
    public void flush() throws IOException {
      if (!pending.hasBufferedLine()) {
        flushNow();
      }
    }

    void flushNow() throws IOException {
      drain();
      socket.flush();
    }

    private void drain() throws IOException {
      if (n > 0) {
        socket.write(buf, 0, n);
        n = 0;
      }
    }
  }
}
