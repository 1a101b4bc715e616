package org.vqpop.lmtp;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.vqpop.delivery.Deliveries;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.IncomingMessage;
import org.vqpop.delivery.RecipientResolver;
import org.vqpop.delivery.Status;
import org.vqpop.delivery.Trace;
import org.vqpop.lmtp.LmtpReply.Action;

/**
 * One LMTP session (RFC 2033) as a state machine: START until LHLO, then READY, then MAIL from
 * a MAIL command to the end of its data (DATA while the message's lines come in), CLOSED after
 * QUIT. Every reply carries an RFC 3463 enhanced status code, except the greeting and the LHLO
 * reply, which RFC 2034 §3 exempts.
 *
 * <p>As in the POP3 engine, a command line is parsed in one place ({@link LmtpCommandParser}, into
 * a sealed {@link LmtpCommand}) and each state has its own command table, an exhaustive switch
 * ({@link #start}, {@link #ready}, {@link #transaction}): a misplaced command is refused there
 * ({@code 503 5.5.1}), before its arguments are looked at, as RFC 5321 §4.1.4 orders the
 * checks. Every status sent comes from {@link LmtpReplies}.
 *
 * <p>Recipients are resolved at RCPT ({@code 550 5.1.1} for an unknown user at once), and each
 * accepted one gets its own reply after the data, in RCPT order, because each has its own
 * mailbox and quota (RFC 2033 §4.2). Nothing is delivered before the final dot; a connection that
 * ends earlier delivers nothing.
 *
 * <p>Driving it: write {@link #greeting()}, then pass every line read to {@link #handle(byte[])}
 * (or {@link #overlongLine()}, {@link #bareLfLine()}), write each reply with {@link LmtpWriter}
 * and act on {@link LmtpReply#after()}. Replies may be batched: the session never depends on a
 * reply having been written. Lines are read with a limit of {@link #MAX_LINE} octets and bare LF
 * refused ({@code LineReader.BareLf.REJECT}): a bare LF must not end the data, or a sender could
 * smuggle a second message past a hop that reads it differently.
 *
 * <p>The message is collected by {@link Deliveries#newMessage}, so a large one goes to a spool
 * file; the session closes it when the transaction ends in any way (delivered, RSET, a new MAIL,
 * {@link #dataTimeout}, {@link #shuttingDown}, {@link #close}). The connection calls {@link
 * #close} when the client goes away. Not thread-safe.
 */
public final class LmtpSession {

  /** Where the session is. */
  public enum State {
    /** Before LHLO. */
    START,
    /** After LHLO, outside a transaction. */
    READY,
    /** After MAIL: RCPT and DATA may follow. */
    MAIL,
    /** Between DATA's 354 and the final dot: lines are message data. */
    DATA,
    CLOSED
  }

  /**
   * The longest line the connection should read. Message lines may be longer than RFC 5322's 998
   * octets in practice (qmail and Postfix accept any); a line over this limit makes the message
   * refused, as it would have to be cut.
   */
  public static final int MAX_LINE = 64 * 1024;

  /**
   * The longest command line accepted. RFC 5321 §4.5.3.1.4 allows 512 octets with CRLF and lets
   * extensions' parameters raise it; this leaves room for them.
   */
  static final int MAX_COMMAND_LINE = 1000;

  private final Deliveries deliveries;
  private final LmtpSettings settings;
  private final LmtpEvents events;
  private final @Nullable String clientAddress;
  private final Clock clock;
  private final String id = Long.toString(System.currentTimeMillis(), 36)
      + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

  private State state = State.START;
  private int badCommands;
  private String helo = "";
  private int transactions;

  // The transaction (state MAIL and DATA).
  private String sender = "";
  private long declaredSize;
  private final List<Accepted> recipients = new ArrayList<>();
  private @Nullable IncomingMessage message;
  private @Nullable Status dataProblem;
  private @Nullable String dataProblemDetail;

  private record Accepted(String address, RecipientResolver.Resolved rcpt) {}

  public LmtpSession(Deliveries deliveries, LmtpSettings settings, LmtpEvents events) {
    this(deliveries, settings, events, null, Clock.systemDefaultZone());
  }

  /**
   * @param clientAddress the client's IP address for the {@code Received:} field, null for a unix
   *     socket
   * @param clock the date of the {@code Received:} field, in the clock's zone
   */
  public LmtpSession(Deliveries deliveries, LmtpSettings settings, LmtpEvents events, @Nullable String clientAddress,
      Clock clock) {
    this.deliveries = deliveries;
    this.settings = settings;
    this.events = events;
    this.clientAddress = clientAddress;
    this.clock = clock;
  }

  public State state() {
    return state;
  }

  /** {@code 220 NAME LMTP ready}: the greeting (RFC 5321 §4.2, no enhanced code per RFC 2034 §3). */
  public LmtpReply greeting() {
    return new LmtpReply.Single(LmtpReplies.greeting(settings.serverName()));
  }

  /** Handles one line, without its CRLF. */
  public LmtpReply handle(byte[] line) {
    LmtpReply reply = switch (state) {
      case START -> start(LmtpCommandParser.parse(line, settings.maxMessageSize()));
      case READY -> ready(LmtpCommandParser.parse(line, settings.maxMessageSize()));
      case MAIL -> transaction(LmtpCommandParser.parse(line, settings.maxMessageSize()));
      case DATA -> dataLine(line);
      case CLOSED -> closing(LmtpReplies.SESSION_CLOSED);
    };
    // Bad commands are counted in a row, as POP3 counts them: an accepted command starts over,
    // so a long session of an MTA that erred now and then is not cut.
    if (reply instanceof LmtpReply.Single single && single.status().code() < 400) {
      badCommands = 0;
    }
    return reply;
  }

  /** The command table before LHLO: a transaction needs LHLO first. */
  private LmtpReply start(LmtpCommand command) {
    return switch (command) {
      case LmtpCommand.Lhlo l -> lhlo(l);
      case LmtpCommand.Mail m -> bad(LmtpReplies.SEND_LHLO_FIRST);
      case LmtpCommand.Rcpt r -> bad(LmtpReplies.SEND_LHLO_FIRST);
      case LmtpCommand.Data d -> bad(LmtpReplies.SEND_LHLO_FIRST);
      case LmtpCommand.Malformed m -> switch (m.verb()) {
        case MAIL, RCPT, DATA -> bad(LmtpReplies.SEND_LHLO_FIRST);
        case LHLO, RSET, QUIT, VRFY -> malformed(m.problem());
      };
      case LmtpCommand.Rset r -> rset();
      case LmtpCommand.Noop n -> single(LmtpReplies.OK);
      case LmtpCommand.Quit q -> quit();
      case LmtpCommand.Vrfy v -> single(LmtpReplies.CANNOT_VRFY);
      case LmtpCommand.Helo h -> bad(LmtpReplies.NOT_LMTP);
      case LmtpCommand.NotImplemented n -> bad(LmtpReplies.notImplemented(n.verb()));
      case LmtpCommand.Unknown u -> bad(LmtpReplies.UNKNOWN);
      case LmtpCommand.TooLong t -> lineTooLong();
    };
  }

  /** The command table after LHLO, outside a transaction: MAIL starts one. */
  private LmtpReply ready(LmtpCommand command) {
    return switch (command) {
      case LmtpCommand.Lhlo l -> lhlo(l);
      case LmtpCommand.Mail m -> mail(m);
      case LmtpCommand.Rcpt r -> bad(LmtpReplies.NEED_MAIL);
      case LmtpCommand.Data d -> bad(LmtpReplies.NEED_MAIL_AND_RCPT);
      case LmtpCommand.Malformed m -> switch (m.verb()) {
        case RCPT -> bad(LmtpReplies.NEED_MAIL);
        case DATA -> bad(LmtpReplies.NEED_MAIL_AND_RCPT);
        case LHLO, MAIL, RSET, QUIT, VRFY -> malformed(m.problem());
      };
      case LmtpCommand.Rset r -> rset();
      case LmtpCommand.Noop n -> single(LmtpReplies.OK);
      case LmtpCommand.Quit q -> quit();
      case LmtpCommand.Vrfy v -> single(LmtpReplies.CANNOT_VRFY);
      case LmtpCommand.Helo h -> bad(LmtpReplies.NOT_LMTP);
      case LmtpCommand.NotImplemented n -> bad(LmtpReplies.notImplemented(n.verb()));
      case LmtpCommand.Unknown u -> bad(LmtpReplies.UNKNOWN);
      case LmtpCommand.TooLong t -> lineTooLong();
    };
  }

  /** The command table in a transaction, after MAIL: RCPT, then DATA. */
  private LmtpReply transaction(LmtpCommand command) {
    return switch (command) {
      case LmtpCommand.Lhlo l -> lhlo(l);
      case LmtpCommand.Mail m -> bad(LmtpReplies.NESTED_MAIL);
      case LmtpCommand.Rcpt r -> rcpt(r);
      case LmtpCommand.Data d -> recipients.isEmpty() ? bad(LmtpReplies.NO_VALID_RECIPIENTS) : data();
      case LmtpCommand.Malformed m -> switch (m.verb()) {
        case MAIL -> bad(LmtpReplies.NESTED_MAIL);
        case DATA -> recipients.isEmpty() ? bad(LmtpReplies.NO_VALID_RECIPIENTS) : malformed(m.problem());
        case LHLO, RCPT, RSET, QUIT, VRFY -> malformed(m.problem());
      };
      case LmtpCommand.Rset r -> rset();
      case LmtpCommand.Noop n -> single(LmtpReplies.OK);
      case LmtpCommand.Quit q -> quit();
      case LmtpCommand.Vrfy v -> single(LmtpReplies.CANNOT_VRFY);
      case LmtpCommand.Helo h -> bad(LmtpReplies.NOT_LMTP);
      case LmtpCommand.NotImplemented n -> bad(LmtpReplies.notImplemented(n.verb()));
      case LmtpCommand.Unknown u -> bad(LmtpReplies.UNKNOWN);
      case LmtpCommand.TooLong t -> lineTooLong();
    };
  }

  /**
   * For a line the reader refused as longer than {@link #MAX_LINE}: in the data, the message is
   * refused for every recipient after the final dot; otherwise an error.
   */
  public LmtpReply overlongLine() {
    if (state == State.DATA) {
      return dataProblem(LmtpReplies.lineOver(MAX_LINE), "line over " + MAX_LINE + " octets");
    }
    return lineTooLong();
  }

  /**
   * For a line the reader refused because it held a bare LF: in the data, the message is refused
   * for every recipient after the final dot (RFC 5321 §2.3.8: line ends are CRLF only).
   */
  public LmtpReply bareLfLine() {
    if (state == State.DATA) {
      return dataProblem(LmtpReplies.BARE_LF_DATA, "bare LF");
    }
    return bad(LmtpReplies.BARE_LF_COMMAND);
  }

  /**
   * What to send when the message's data took too long or came too slowly ({@link DataPace}):
   * {@code 421 4.4.2} and close; nothing is delivered and the spooled data is dropped.
   */
  public LmtpReply dataTimeout(DataPace.Breach why) {
    resetTransaction();
    state = State.CLOSED;
    return closing(LmtpReplies.dataBreach(settings.serverName(), why));
  }

  /**
   * What to send when the server stops while the session waits for a command: {@code 421 4.3.2}
   * and close (RFC 5321 §3.8). A transaction not yet in its data is dropped; the client sends it
   * again to the next server.
   */
  public LmtpReply shuttingDown() {
    resetTransaction();
    state = State.CLOSED;
    return closing(LmtpReplies.shuttingDown(settings.serverName()));
  }

  /** Ends the session without a reply (the client went away): drops the transaction and its data. */
  public void close() {
    resetTransaction();
    state = State.CLOSED;
  }

  /** What to send when the client has been silent too long: {@code 421} and close. */
  public LmtpReply idleTimeout() {
    resetTransaction();
    state = State.CLOSED;
    return closing(LmtpReplies.idle(settings.serverName()));
  }

  private LmtpReply lineTooLong() {
    return bad(LmtpReplies.LINE_TOO_LONG);
  }

  private LmtpReply lhlo(LmtpCommand.Lhlo command) {
    resetTransaction();
    helo = command.host();
    state = State.READY;
    return new LmtpReply.Extensions(settings.serverName(),
        List.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SIZE " + settings.maxMessageSize()));
  }

  private LmtpReply mail(LmtpCommand.Mail command) {
    resetTransaction();
    sender = command.sender();
    declaredSize = command.size();
    state = State.MAIL;
    return single(LmtpReplies.senderOk(sender));
  }

  private LmtpReply rcpt(LmtpCommand.Rcpt command) {
    String address = command.recipient();
    if (address.indexOf('@') < 0) {
      // Only a bare <Postmaster> gets past the parser (RFC 5321 §4.5.1); here every mailbox is
      // in a virtual domain, so the client must say which.
      return refused(address, LmtpReplies.givePostmasterDomain(address), "no domain");
    }
    if (recipients.size() >= settings.maxRecipients()) {
      return refused(address, LmtpReplies.TOO_MANY_RECIPIENTS, "more than " + settings.maxRecipients() + " recipients");
    }
    return switch (deliveries.resolve(address)) {
      case RecipientResolver.Refused r -> refused(address, r.status(), r.detail());
      case RecipientResolver.Resolved r -> {
        Status full = deliveries.precheck(r, declaredSize);
        if (full != null) {
          yield refused(address, full, "mailbox full before the data");
        }
        recipients.add(new Accepted(address, r));
        yield single(LmtpReplies.recipientOk(address));
      }
    };
  }

  private LmtpReply refused(String address, Status status, @Nullable String detail) {
    events.recipientRefused(sender, address, status, detail);
    return single(status);
  }

  private LmtpReply data() {
    message = deliveries.newMessage(settings.maxMessageSize());
    dataProblem = null;
    dataProblemDetail = null;
    state = State.DATA;
    return single(LmtpReplies.GO_AHEAD);
  }

  private LmtpReply dataLine(byte[] line) {
    if (line.length == 1 && line[0] == '.') {
      return endOfData();
    }
    IncomingMessage m = message;
    if (m == null) {
      throw new IllegalStateException("state: DATA without a message");
    }
    if (dataProblem == null) {
      // RFC 5321 §4.5.2: a line starting with "." lost one "." to the client's dot-stuffing.
      int off = line.length > 0 && line[0] == '.' ? 1 : 0;
      m.appendLine(line, off, line.length - off);
    }
    return LmtpReply.NOTHING;
  }

  private LmtpReply dataProblem(Status status, String detail) {
    if (dataProblem == null) {
      dataProblem = status;
      dataProblemDetail = detail;
    }
    return LmtpReply.NOTHING;
  }

  private LmtpReply endOfData() {
    IncomingMessage m = message;
    if (m == null) {
      throw new IllegalStateException("state: DATA without a message");
    }
    m.finish();
    transactions++;
    if (settings.receivedHeader()) {
      m.trace(new Trace(helo, clientAddress, settings.serverName(), id + "-" + transactions, ZonedDateTime.now(clock)));
    }
    List<Status> replies = new ArrayList<>(recipients.size());
    for (Accepted a : recipients) {
      String who = a.rcpt().mailbox();
      DeliveryAgent.Outcome o;
      Status problem = dataProblem;
      if (problem != null) {
        o = new DeliveryAgent.Outcome(LmtpReplies.forRecipient(who, problem), null, dataProblemDetail);
      } else if (m.tooLarge()) {
        o = new DeliveryAgent.Outcome(LmtpReplies.forRecipient(who, LmtpReplies.TOO_BIG), null,
            "over the size limit of " + settings.maxMessageSize());
      } else if (m.failure() != null) {
        o = new DeliveryAgent.Outcome(LmtpReplies.forRecipient(who, LmtpReplies.NOT_KEPT), null,
            "message not kept: " + m.failure());
      } else {
        o = deliveries.deliver(a.rcpt(), sender, m);
      }
      events.delivered(sender, a.address(), m.size(), o);
      replies.add(o.status());
    }
    resetTransaction();
    state = State.READY;
    return new LmtpReply.PerRecipient(replies);
  }

  private LmtpReply rset() {
    resetTransaction();
    if (state != State.START) {
      state = State.READY;
    }
    return single(LmtpReplies.OK);
  }

  private LmtpReply quit() {
    resetTransaction();
    state = State.CLOSED;
    return closing(LmtpReplies.closing(settings.serverName()));
  }

  private void resetTransaction() {
    sender = "";
    declaredSize = 0;
    recipients.clear();
    IncomingMessage m = message;
    if (m != null) {
      m.close();
    }
    message = null;
    dataProblem = null;
    dataProblemDetail = null;
  }

  /**
   * A MAIL or RCPT that was not understood: a protocol error (X.5.x) counts as a bad command; a
   * bad address (X.1.x, X.6.7) does not, as a client may relay many of those.
   */
  private LmtpReply malformed(Status status) {
    return status.enhanced().startsWith("5.5.") ? bad(status) : single(status);
  }

  /** An error that counts against {@link LmtpSettings#maxBadCommands()}. */
  private LmtpReply bad(Status status) {
    if (++badCommands >= settings.maxBadCommands()) {
      state = State.CLOSED;
      return closing(LmtpReplies.tooManyErrors(settings.serverName()));
    }
    return single(status);
  }

  private static LmtpReply single(Status status) {
    return new LmtpReply.Single(status);
  }

  private static LmtpReply closing(Status status) {
    return new LmtpReply.Single(status, Action.CLOSE);
  }
}
