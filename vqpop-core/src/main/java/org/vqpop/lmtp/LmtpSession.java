package org.vqpop.lmtp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Unlike POP3's two worlds, SMTP's commands are one table whose order matters, so misplaced
 * commands are refused by the sequence checks at the top of each handler ({@code 503 5.5.1}).
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

  private static final Status OK = new Status(250, "2.0.0", "OK");

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
    return new LmtpReply.Single(new Status(220, "", settings.serverName() + " LMTP vqpop ready"));
  }

  /** Handles one line, without its CRLF. */
  public LmtpReply handle(byte[] line) {
    if (state == State.CLOSED) {
      return new LmtpReply.Single(new Status(421, "4.5.0", "session closed"), Action.CLOSE);
    }
    if (state == State.DATA) {
      return dataLine(line);
    }
    if (line.length > MAX_COMMAND_LINE) {
      return lineTooLong();
    }
    // ISO-8859-1 keeps every byte one char, so that non-ASCII bytes are seen and refused.
    String text = new String(line, StandardCharsets.ISO_8859_1);
    int sp = text.indexOf(' ');
    String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
    String arg = sp < 0 ? "" : text.substring(sp + 1);
    LmtpReply reply = switch (verb) {
      case "LHLO" -> lhlo(arg.strip());
      case "HELO", "EHLO" -> bad(500, "5.5.1", "this is LMTP: say LHLO (RFC 2033 §4.1)");
      case "MAIL" -> mail(arg.stripTrailing());
      case "RCPT" -> rcpt(arg.stripTrailing());
      case "DATA" -> data(arg.strip());
      case "RSET" -> rset(arg.strip());
      case "NOOP" -> new LmtpReply.Single(OK);
      case "QUIT" -> quit(arg.strip());
      case "VRFY" -> vrfy(arg.strip());
      // Known SMTP commands this server does not implement: 502, not 500 (RFC 5321 §4.2.4).
      case "EXPN", "HELP", "TURN", "ETRN", "ATRN", "BDAT", "STARTTLS", "AUTH", "SEND", "SOML", "SAML" ->
          bad(502, "5.5.1", verb + " not implemented");
      default -> bad(500, "5.5.1", "command not recognized");
    };
    // Bad commands are counted in a row, as POP3 counts them: an accepted command starts over,
    // so a long session of an MTA that erred now and then is not cut.
    if (reply instanceof LmtpReply.Single single && single.status().code() < 400) {
      badCommands = 0;
    }
    return reply;
  }

  /**
   * For a line the reader refused as longer than {@link #MAX_LINE}: in the data, the message is
   * refused for every recipient after the final dot; otherwise an error.
   */
  public LmtpReply overlongLine() {
    if (state == State.DATA) {
      return dataProblem(new Status(554, "5.6.0", "message has a line over " + MAX_LINE + " octets"),
          "line over " + MAX_LINE + " octets");
    }
    return lineTooLong();
  }

  /**
   * For a line the reader refused because it held a bare LF: in the data, the message is refused
   * for every recipient after the final dot (RFC 5321 §2.3.8: line ends are CRLF only).
   */
  public LmtpReply bareLfLine() {
    if (state == State.DATA) {
      return dataProblem(new Status(554, "5.6.0", "message has a bare LF; line ends must be CRLF"), "bare LF");
    }
    return bad(500, "5.5.2", "bare LF in a command; line ends must be CRLF");
  }

  /**
   * What to send when the message's data took too long or came too slowly ({@link DataPace}):
   * {@code 421 4.4.2} and close; nothing is delivered and the spooled data is dropped.
   */
  public LmtpReply dataTimeout(DataPace.Breach why) {
    resetTransaction();
    state = State.CLOSED;
    String text = why == DataPace.Breach.TIMEOUT ? "data took too long" : "data too slow";
    return new LmtpReply.Single(new Status(421, "4.4.2", settings.serverName() + " " + text + ", closing"),
        Action.CLOSE);
  }

  /**
   * What to send when the server stops while the session waits for a command: {@code 421 4.3.2}
   * and close (RFC 5321 §3.8). A transaction not yet in its data is dropped; the client sends it
   * again to the next server.
   */
  public LmtpReply shuttingDown() {
    resetTransaction();
    state = State.CLOSED;
    return new LmtpReply.Single(new Status(421, "4.3.2", settings.serverName() + " shutting down"), Action.CLOSE);
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
    return new LmtpReply.Single(new Status(421, "4.4.2", settings.serverName() + " idle too long, closing"),
        Action.CLOSE);
  }

  private LmtpReply lineTooLong() {
    // RFC 5321 §4.2.4: 500 includes "command line too long"; RFC 3463 X.5.2 is a syntax error.
    return bad(500, "5.5.2", "line too long");
  }

  private LmtpReply lhlo(String arg) {
    if (arg.isEmpty()) {
      return bad(501, "5.5.4", "syntax: LHLO hostname");
    }
    resetTransaction();
    helo = arg;
    state = State.READY;
    return new LmtpReply.Extensions(settings.serverName(),
        List.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SIZE " + settings.maxMessageSize()));
  }

  private LmtpReply mail(String arg) {
    if (state == State.START) {
      return bad(503, "5.5.1", "send LHLO first");
    }
    if (state == State.MAIL) {
      return bad(503, "5.5.1", "nested MAIL command");
    }
    Envelope.Parsed p = Envelope.parse(arg, "FROM:", true);
    if (p instanceof Envelope.Bad b) {
      return malformed(b.status());
    }
    Envelope.Path path = (Envelope.Path) p;
    long size = 0;
    for (Map.Entry<String, @Nullable String> e : path.params().entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "SIZE" -> {
          // RFC 1870 §3: size-value is 1*20DIGIT.
          if (v == null || v.length() > 20 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return bad(501, "5.5.4", "SIZE needs a number");
          }
          size = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
          if (size > settings.maxMessageSize()) {
            // RFC 1870 §6.1: 552 for a message over the fixed limit; not a client error.
            return new LmtpReply.Single(new Status(552, "5.3.4",
                "message size exceeds fixed maximum message size (" + settings.maxMessageSize() + ")"));
          }
        }
        case "BODY" -> {
          if (v == null || !(v.equalsIgnoreCase("7BIT") || v.equalsIgnoreCase("8BITMIME"))) {
            return bad(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
          }
        }
        // RFC 5321 §4.1.1.11: 555 for a parameter that is not recognized.
        default -> {
          return bad(555, "5.5.4", "MAIL parameter " + e.getKey() + " not recognized");
        }
      }
    }
    resetTransaction();
    sender = path.address();
    declaredSize = size;
    state = State.MAIL;
    return new LmtpReply.Single(new Status(250, "2.1.0", "<" + sender + "> sender OK"));
  }

  private LmtpReply rcpt(String arg) {
    if (state == State.START) {
      return bad(503, "5.5.1", "send LHLO first");
    }
    if (state != State.MAIL) {
      return bad(503, "5.5.1", "need MAIL before RCPT");
    }
    Envelope.Parsed p = Envelope.parse(arg, "TO:", false);
    if (p instanceof Envelope.Bad b) {
      return malformed(b.status());
    }
    Envelope.Path path = (Envelope.Path) p;
    if (!path.params().isEmpty()) {
      return bad(555, "5.5.4", "RCPT parameter " + path.params().keySet().iterator().next() + " not recognized");
    }
    String address = path.address();
    if (address.indexOf('@') < 0) {
      // Only a bare <Postmaster> gets past the parser (RFC 5321 §4.5.1); here every mailbox is
      // in a virtual domain, so the client must say which.
      return refused(address, new Status(550, "5.1.1", "<" + address + "> give postmaster@domain"), "no domain");
    }
    if (recipients.size() >= settings.maxRecipients()) {
      return refused(address, new Status(452, "4.5.3", "too many recipients"),
          "more than " + settings.maxRecipients() + " recipients");
    }
    return switch (deliveries.resolve(address)) {
      case RecipientResolver.Refused r -> refused(address, r.status(), r.detail());
      case RecipientResolver.Resolved r -> {
        Status full = deliveries.precheck(r, declaredSize);
        if (full != null) {
          yield refused(address, full, "mailbox full before the data");
        }
        recipients.add(new Accepted(address, r));
        yield new LmtpReply.Single(new Status(250, "2.1.5", "<" + address + "> recipient OK"));
      }
    };
  }

  private LmtpReply refused(String address, Status status, @Nullable String detail) {
    events.recipientRefused(sender, address, status, detail);
    return new LmtpReply.Single(status);
  }

  private LmtpReply data(String arg) {
    if (state == State.START) {
      return bad(503, "5.5.1", "send LHLO first");
    }
    if (state != State.MAIL) {
      return bad(503, "5.5.1", "need MAIL and RCPT before DATA");
    }
    if (recipients.isEmpty()) {
      // RFC 2033 §4.2: DATA fails with 503 when no RCPT succeeded, and then no per-recipient replies.
      return bad(503, "5.5.1", "no valid recipients");
    }
    if (!arg.isEmpty()) {
      return bad(501, "5.5.4", "syntax: DATA");
    }
    message = deliveries.newMessage(settings.maxMessageSize());
    dataProblem = null;
    dataProblemDetail = null;
    state = State.DATA;
    return new LmtpReply.Single(new Status(354, "", "go ahead; end with <CRLF>.<CRLF>"));
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
      String who = "<" + a.rcpt().mailbox() + "> ";
      DeliveryAgent.Outcome o;
      Status problem = dataProblem;
      if (problem != null) {
        o = new DeliveryAgent.Outcome(new Status(problem.code(), problem.enhanced(), who + problem.text()), null,
            dataProblemDetail);
      } else if (m.tooLarge()) {
        o = new DeliveryAgent.Outcome(new Status(552, "5.3.4", who + "message too big"), null,
            "over the size limit of " + settings.maxMessageSize());
      } else if (m.failure() != null) {
        o = new DeliveryAgent.Outcome(new Status(451, "4.3.0", who + "temporary failure, try again later"), null,
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

  private LmtpReply rset(String arg) {
    if (!arg.isEmpty()) {
      return bad(501, "5.5.4", "syntax: RSET");
    }
    resetTransaction();
    if (state != State.START) {
      state = State.READY;
    }
    return new LmtpReply.Single(OK);
  }

  private LmtpReply quit(String arg) {
    if (!arg.isEmpty()) {
      return bad(501, "5.5.4", "syntax: QUIT");
    }
    resetTransaction();
    state = State.CLOSED;
    return new LmtpReply.Single(new Status(221, "2.0.0", settings.serverName() + " closing"), Action.CLOSE);
  }

  /**
   * RFC 5321 §4.5.1 lists VRFY among the commands every server implements, so 502 ("not
   * implemented") would be wrong; §3.5.3 gives 252 to a server that does not verify. Recipients
   * are checked at RCPT instead, which is what an LMTP client does anyway.
   */
  private LmtpReply vrfy(String arg) {
    if (arg.isEmpty()) {
      return bad(501, "5.5.4", "syntax: VRFY address");
    }
    return new LmtpReply.Single(new Status(252, "2.0.0", "cannot VRFY; send RCPT to try the address"));
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
    return status.enhanced().startsWith("5.5.") ? bad(status) : new LmtpReply.Single(status);
  }

  private LmtpReply bad(int code, String enhanced, String text) {
    return bad(new Status(code, enhanced, text));
  }

  /** An error that counts against {@link LmtpSettings#maxBadCommands()}. */
  private LmtpReply bad(Status status) {
    if (++badCommands >= settings.maxBadCommands()) {
      state = State.CLOSED;
      return new LmtpReply.Single(new Status(421, "4.7.0", settings.serverName() + " too many errors, closing"),
          Action.CLOSE);
    }
    return new LmtpReply.Single(status);
  }
}
