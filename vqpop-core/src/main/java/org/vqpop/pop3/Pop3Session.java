package org.vqpop.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.Method;
import org.vqpop.pop3.Pop3Events.End;
import org.vqpop.pop3.Pop3Reply.RespCode;
import org.vqpop.pop3.Pop3Reply.Status;
import org.vqpop.store.Mailbox;
import org.vqpop.store.OpenResult;
import org.vqpop.wire.MessageWriter;

/**
 * One POP3 session as the state machine of RFC 1939 §3: AUTHORIZATION, then TRANSACTION once a
 * maildrop is opened, then UPDATE on QUIT. Each state has its own command table ({@link
 * #authorization} and {@link #transaction}); anything else gets {@code -ERR}.
 *
 * <p>Driving it: send {@link #greeting()}, then for every line read pass it to {@link
 * #handle(byte[])} (or {@link #overlongLine()}), write the reply completely with {@link
 * ReplyWriter}, then act on {@link Pop3Reply#after()}. Always write one reply before handling the
 * next line: listings read the session's state while they are written. When the connection ends
 * in any way, call {@link #close()}: without a QUIT nothing is deleted (RFC 1939 §6); a reply
 * that will not be written goes to {@link ReplyWriter#discard}. Not thread-safe.
 */
public final class Pop3Session implements AutoCloseable {

  /** The states of RFC 1939 §3. UPDATE is passed through during QUIT, so it is not kept. */
  public enum State {
    AUTHORIZATION,
    TRANSACTION,
    CLOSED
  }

  private static final String PLAIN = "PLAIN";

  /** The verbs of each state's table, so that a malformed command of the other state is told so. */
  private static final Set<String> AUTHORIZATION_VERBS =
      Set.of("USER", "PASS", "APOP", "AUTH", "CAPA", "STLS", "QUIT");

  private static final Set<String> TRANSACTION_VERBS =
      Set.of("STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "NOOP", "RSET", "QUIT", "CAPA");

  private final Pop3Backend backend;
  private final Pop3Context context;
  private final Pop3Events events;
  private boolean tlsActive;
  private boolean plaintextAllowed;

  private State state = State.AUTHORIZATION;
  private int badCommands;
  private @Nullable String pendingUser;
  private boolean saslPlainPending;

  private @Nullable Mailbox mailbox;
  private final BitSet deleted = new BitSet();
  private int deletedCount;
  private long deletedOctets;

  public Pop3Session(Pop3Backend backend, Pop3Context context) {
    this.backend = backend;
    this.context = context;
    this.events = context.events();
    this.tlsActive = context.tlsActive();
    this.plaintextAllowed = context.plaintextAllowed();
  }

  /** The greeting to send first; it carries the APOP timestamp when there is one. */
  public Pop3Reply greeting() {
    return Replies.greeting(context.apopTimestamp());
  }

  public State state() {
    return state;
  }

  /**
   * To be called by the connection after a successful TLS handshake that followed STLS. Resets
   * AUTHORIZATION state as RFC 2595 §4 asks the client to forget what it knew; {@code
   * plaintextAllowed} is the caller's new decision for the encrypted connection.
   */
  public void tlsStarted(boolean plaintextAllowed) {
    this.tlsActive = true;
    this.plaintextAllowed = plaintextAllowed;
    this.pendingUser = null;
    this.saslPlainPending = false;
  }

  /**
   * Handles one line (without its CRLF). A command answered positively ends a run of bad
   * commands: the limit is on bad commands in a row (as Dovecot counts them), so that a long
   * session of a clumsy client is not cut, while a client that speaks no POP3 still is.
   */
  public Pop3Reply handle(byte[] line) {
    if (state == State.CLOSED) {
      return Replies.closing(Replies.WRONG_STATE);
    }
    Pop3Reply reply;
    if (saslPlainPending) {
      saslPlainPending = false;
      reply = saslResponse(new String(line, StandardCharsets.US_ASCII));
    } else {
      Pop3Command command = CommandParser.parse(line);
      reply = state == State.AUTHORIZATION ? authorization(command) : transaction(command);
    }
    if (!(reply instanceof Pop3Reply.Status s) || s.ok()) {
      badCommands = 0;
    }
    return reply;
  }

  /** For a line the reader refused as too long: an error that counts as a bad command. */
  public Pop3Reply overlongLine() {
    // A line over RFC 2449's 255 octets is no client's command but a flood or an attack: answer
    // and close, as for too many bad commands, rather than read on.
    saslPlainPending = false;
    return end(Replies.LINE_TOO_LONG, End.LINE_TOO_LONG);
  }

  /** The AUTHORIZATION command table: RFC 1939 §4 and §7, RFC 2449, RFC 5034, RFC 2595. */
  private Pop3Reply authorization(Pop3Command command) {
    return switch (command) {
      case Pop3Command.User u -> user(u);
      case Pop3Command.Pass p -> pass(p);
      case Pop3Command.Apop a -> apop(a);
      case Pop3Command.Auth a -> auth(a);
      case Pop3Command.Capa c -> capa();
      case Pop3Command.Stls s -> stls();
      case Pop3Command.Quit q -> quitAuthorization();
      case Pop3Command.Unknown u -> bad(Replies.UNKNOWN);
      case Pop3Command.Malformed m when AUTHORIZATION_VERBS.contains(m.verb()) ->
          bad(Replies.malformed(m.problem()));
      default -> bad(Replies.WRONG_STATE);
    };
  }

  /** The TRANSACTION command table: RFC 1939 §5 and §7, RFC 2449. */
  private Pop3Reply transaction(Pop3Command command) {
    return switch (command) {
      case Pop3Command.Stat s -> Replies.stat(mailbox().count() - deletedCount, liveOctets());
      case Pop3Command.List l -> list(l.msg());
      case Pop3Command.Uidl u -> uidl(u.msg());
      case Pop3Command.Retr r -> retrieve(r.msg(), MessageWriter.WHOLE);
      case Pop3Command.Top t -> retrieve(t.msg(), t.lines());
      case Pop3Command.Dele d -> dele(d.msg());
      case Pop3Command.Noop n -> Replies.OK;
      case Pop3Command.Rset r -> rset();
      case Pop3Command.Quit q -> quitTransaction();
      case Pop3Command.Capa c -> capa();
      case Pop3Command.Unknown u -> bad(Replies.UNKNOWN);
      case Pop3Command.Malformed m when TRANSACTION_VERBS.contains(m.verb()) ->
          bad(Replies.malformed(m.problem()));
      default -> bad(Replies.WRONG_STATE);
    };
  }

  // ---- AUTHORIZATION

  private Pop3Reply user(Pop3Command.User u) {
    if (!plaintextAllowed) {
      return bad(Replies.PLAINTEXT_REFUSED);
    }
    // Always +OK: telling unknown names apart here would let clients probe for them.
    pendingUser = u.name();
    return Replies.USER_OK;
  }

  private Pop3Reply pass(Pop3Command.Pass p) {
    try {
      if (!plaintextAllowed) {
        return bad(Replies.PLAINTEXT_REFUSED);
      }
      String user = pendingUser;
      if (user == null) {
        return bad(Replies.PASS_WITHOUT_USER);
      }
      // RFC 1939 §7: after a failed PASS the client starts over with USER.
      pendingUser = null;
      return login(new Credentials.UserPass(user, p.password()), Method.USER_PASS);
    } finally {
      Arrays.fill(p.password(), (byte) 0);
    }
  }

  private Pop3Reply apop(Pop3Command.Apop a) {
    String timestamp = context.apopTimestamp();
    if (timestamp == null) {
      return bad(Replies.NO_APOP);
    }
    pendingUser = null;
    // APOP sends no password, so it is allowed where plaintext logins are not.
    return login(new Credentials.Apop(a.name(), timestamp, a.digest()), Method.APOP);
  }

  private Pop3Reply auth(Pop3Command.Auth a) {
    pendingUser = null;
    if (!a.mechanism().equals(PLAIN)) {
      return bad(Replies.AUTH_UNKNOWN_MECHANISM);
    }
    if (!plaintextAllowed) {
      return bad(Replies.PLAINTEXT_REFUSED);
    }
    String initial = a.initialResponse();
    if (initial == null) {
      saslPlainPending = true;
      return new Pop3Reply.Challenge(""); // PLAIN's server challenge is empty (RFC 4616 §2)
    }
    // RFC 5034 §4: "=" is a zero-length initial response, which PLAIN cannot accept.
    return saslResponse(initial.equals("=") ? "" : initial);
  }

  private Pop3Reply saslResponse(String response) {
    if (response.equals("*")) {
      return Replies.AUTH_CANCELLED; // RFC 5034 §4: the client cancelled
    }
    return switch (SaslPlain.decode(response)) {
      case SaslPlain.Malformed m -> bad(Replies.AUTH_MALFORMED);
      case SaslPlain.OtherAuthzid o -> {
        events.loginFailed(o.authcid(), new AuthResult.Failure(AuthResult.Kind.AUTHZ_DENIED,
            "authorization identity is not the authentication identity"), Method.SASL_PLAIN);
        yield bad(Replies.LOGIN_FAILED);
      }
      case SaslPlain.Ok ok -> {
        try {
          yield login(new Credentials.UserPass(ok.authcid(), ok.password()), Method.SASL_PLAIN);
        } finally {
          Arrays.fill(ok.password(), (byte) 0);
        }
      }
    };
  }

  private Pop3Reply login(Credentials credentials, Method method) {
    return switch (backend.authenticate(credentials)) {
      case AuthResult.Failure f -> {
        events.loginFailed(credentials.user(), f, method);
        yield f.kind() == AuthResult.Kind.TEMPORARY ? Replies.AUTH_TEMP : bad(Replies.LOGIN_FAILED);
      }
      case AuthResult.Success s -> {
        events.loginSucceeded(s, method);
        yield openMailbox(s);
      }
    };
  }

  private Pop3Reply openMailbox(AuthResult.Success user) {
    OpenResult result = backend.openMailbox(user);
    if (!(result instanceof OpenResult.Opened)) {
      events.mailboxNotOpened(user.user(), result);
    }
    return switch (result) {
      case OpenResult.Opened o -> {
        mailbox = o.mailbox();
        state = State.TRANSACTION;
        yield Replies.maildrop(o.mailbox().count(), o.mailbox().totalSize());
      }
      // RFC 1939 §7 PASS: after failing to lock, the server may stay in AUTHORIZATION.
      case OpenResult.InUse i -> Replies.IN_USE;
      case OpenResult.Failed f when f.kind() == OpenResult.Kind.TEMPORARY -> Replies.MAILDROP_TEMP;
      case OpenResult.Failed f -> end(Replies.MAILDROP_PERM, End.MAILBOX_FAILED);
    };
  }

  private Pop3Reply stls() {
    if (tlsActive) {
      return bad(Replies.STLS_ACTIVE);
    }
    if (!context.stlsOffered()) {
      return bad(Replies.STLS_UNAVAILABLE);
    }
    return Replies.STLS_GO;
  }

  private Pop3Reply quitAuthorization() {
    return end(Replies.BYE, End.QUIT);
  }

  /** RFC 2449 §5; USER, SASL and STLS only where they can be used. */
  private Pop3Reply capa() {
    ArrayList<String> caps = new ArrayList<>();
    caps.add("TOP");
    caps.add("UIDL");
    if (state == State.AUTHORIZATION && plaintextAllowed) {
      caps.add("USER");
      caps.add("SASL " + PLAIN);
    }
    caps.add("RESP-CODES");
    caps.add("AUTH-RESP-CODE");
    caps.add("PIPELINING");
    if (state == State.AUTHORIZATION && context.stlsOffered() && !tlsActive) {
      caps.add("STLS");
    }
    caps.add("IMPLEMENTATION " + context.implementation());
    return new Pop3Reply.Listing(Replies.CAPA.text(), caps);
  }

  // ---- TRANSACTION

  private Mailbox mailbox() {
    Mailbox m = mailbox;
    if (m == null) {
      throw new IllegalStateException("no mailbox in TRANSACTION state");
    }
    return m;
  }

  private long liveOctets() {
    return mailbox().totalSize() - deletedOctets;
  }

  /** Null if {@code msg} names a message that exists and is not deleted; else the error reply. */
  private @Nullable Status check(long msg) {
    if (msg < 1 || msg > mailbox().count()) {
      return Replies.NO_SUCH_MESSAGE;
    }
    if (deleted.get((int) msg - 1)) {
      return Replies.alreadyDeleted(msg);
    }
    return null;
  }

  private Pop3Reply list(long msg) {
    Mailbox m = mailbox();
    if (msg == Pop3Command.ALL) {
      String header = Replies.listingHeader(m.count() - deletedCount, liveOctets());
      return new Pop3Reply.Listing(header, new ScanLines(m, deleted, i -> Long.toString(m.size(i))));
    }
    Status error = check(msg);
    return error != null ? error : Replies.scanListing(msg, Long.toString(m.size((int) msg - 1)));
  }

  private Pop3Reply uidl(long msg) {
    Mailbox m = mailbox();
    if (msg == Pop3Command.ALL) {
      String header = Replies.listingHeader(m.count() - deletedCount, liveOctets());
      return new Pop3Reply.Listing(header, new ScanLines(m, deleted, m::uidl));
    }
    Status error = check(msg);
    return error != null ? error : Replies.scanListing(msg, m.uidl((int) msg - 1));
  }

  private Pop3Reply retrieve(long msg, long bodyLines) {
    Status error = check(msg);
    if (error != null) {
      return error;
    }
    int index = (int) msg - 1;
    long size = mailbox().size(index);
    InputStream body;
    try {
      body = mailbox().open(index);
    } catch (IOException e) {
      return Replies.MESSAGE_GONE; // e.g. removed by another client meanwhile
    }
    events.retrieved((int) msg, size, bodyLines);
    String text = bodyLines == MessageWriter.WHOLE ? Replies.retrHeader(size) : Replies.TOP_HEADER;
    return new Pop3Reply.Message(text, body, bodyLines);
  }

  private Pop3Reply dele(long msg) {
    Status error = check(msg);
    if (error != null) {
      return error;
    }
    int index = (int) msg - 1;
    deleted.set(index);
    deletedCount++;
    deletedOctets += mailbox().size(index);
    events.deleted((int) msg);
    return Replies.deleted(msg);
  }

  private Pop3Reply rset() {
    deleted.clear();
    deletedCount = 0;
    deletedOctets = 0;
    events.reset();
    return Replies.maildrop(mailbox().count(), mailbox().totalSize());
  }

  /** RFC 1939 §6: QUIT enters UPDATE; if removing fails, -ERR is allowed. */
  private Pop3Reply quitTransaction() {
    Mailbox m = mailbox();
    boolean complete;
    try {
      complete = m.commit((BitSet) deleted.clone()).complete();
    } catch (IOException e) {
      complete = false;
    }
    return complete ? end(Replies.BYE, End.QUIT) : end(Replies.QUIT_INCOMPLETE, End.QUIT_INCOMPLETE);
  }

  // ---- both

  /**
   * An error that counts toward the limit of bad commands in a row; the last one allowed closes
   * the session.
   */
  private Pop3Reply bad(Status error) {
    badCommands++;
    if (badCommands >= context.maxBadCommands()) {
      return end(Replies.TOO_MANY_ERRORS, End.TOO_MANY_ERRORS);
    }
    return error;
  }

  private Status end(Status reply, End why) {
    releaseMailbox();
    state = State.CLOSED;
    events.sessionEnded(why);
    return Replies.closing(reply);
  }

  private void releaseMailbox() {
    Mailbox m = mailbox;
    mailbox = null;
    if (m != null) {
      m.close();
    }
  }

  /**
   * Ends the session without UPDATE: the mailbox is released and nothing is deleted. For a
   * dropped connection, a timeout, or after the reply that closed the session. Idempotent.
   */
  @Override
  public void close() {
    if (state != State.CLOSED) {
      releaseMailbox();
      state = State.CLOSED;
      events.sessionEnded(End.DROPPED);
    }
  }
}
