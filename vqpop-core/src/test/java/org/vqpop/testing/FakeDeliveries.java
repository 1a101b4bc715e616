package org.vqpop.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.HostName;
import org.vqpop.address.UserName;
import org.vqpop.delivery.Deliveries;
import org.vqpop.delivery.DeliveryAgent;
import org.vqpop.delivery.IncomingMessage;
import org.vqpop.delivery.RecipientResolver;
import org.vqpop.delivery.Spool;
import org.vqpop.delivery.Status;
import org.vqpop.delivery.Trace;
import org.vqpop.directory.PopUser;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.maildir.Quota;

/**
 * {@link Deliveries} in memory: users added with {@link #user}, every other address unknown;
 * deliveries are recorded with the message's bytes. A user can be made full ({@link #full}, at
 * RCPT) or failing ({@link #failing}, after the data). Not thread-safe.
 */
public final class FakeDeliveries implements Deliveries {
  private final List<String> received = new ArrayList<>();
  private Spool spool = Spool.MEMORY;

  /** One delivery: to the user's mailbox, from the sender, the message as stored (LF ends). */
  public record Delivery(String mailbox, String sender, String content) {}

  private final Map<String, RecipientResolver.Resolved> users = new HashMap<>();
  private final Map<String, Status> full = new HashMap<>();
  private final Map<String, Status> failing = new HashMap<>();
  private final Map<String, Status> refusing = new HashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<String> resolved = new ArrayList<>();

  /** Adds {@code user@domain}; {@code user+x@domain} and {@code user-x@domain} find it too. */
  public FakeDeliveries user(String address) {
    int at = address.indexOf('@');
    VirtualDomain d = new VirtualDomain(Domain.of(address.substring(at + 1)), HostName.of("localhost"),
        address.substring(at + 1), "");
    PopUser u = PopUser.withPassword(UserName.of(address.substring(0, at)), "x");
    users.put(address, new RecipientResolver.Resolved(address, d, u, Path.of("/nonexistent"), Quota.NONE));
    return this;
  }

  /** Makes {@code address}'s mailbox full already at RCPT. */
  public FakeDeliveries full(String address, Status status) {
    full.put(address, status);
    return this;
  }

  /** Makes deliveries to {@code address} fail with {@code status}. */
  public FakeDeliveries failing(String address, Status status) {
    failing.put(address, status);
    return this;
  }

  /** Makes {@code address} refused at RCPT with {@code status} (a temporary failure, say). */
  public FakeDeliveries refusing(String address, Status status) {
    refusing.put(address, status);
    return this;
  }

  public List<Delivery> deliveries() {
    return deliveries;
  }

  /** The addresses asked for, in order. */
  public List<String> resolved() {
    return resolved;
  }

  @Override
  public RecipientResolver.Resolution resolve(String address) {
    resolved.add(address);
    String a = address.toLowerCase(Locale.ROOT);
    Status refused = refusing.get(a);
    if (refused != null) {
      return new RecipientResolver.Refused(refused, "fake refusal");
    }
    int at = a.lastIndexOf('@');
    RecipientResolver.Resolved r = users.get(a);
    if (r == null) {
      int sep = Math.max(a.lastIndexOf('+', at), a.lastIndexOf('-', at));
      if (sep > 0) {
        r = users.get(a.substring(0, sep) + a.substring(at));
      }
    }
    if (r == null) {
      return new RecipientResolver.Refused(new Status(550, "5.1.1", "<" + address + "> user unknown"), "fake");
    }
    return r;
  }

  @Override
  public @Nullable Status precheck(RecipientResolver.Resolved rcpt, long size) {
    return full.get(rcpt.mailbox());
  }

  /** The {@code Received:} fields the deliveries would have written, in order. */
  public List<String> received() {
    return received;
  }

  /** Collects messages with {@code s}, so that large ones are spooled. */
  public FakeDeliveries spool(Spool s) {
    spool = s;
    return this;
  }

  @Override
  public IncomingMessage newMessage(long limit) {
    return new IncomingMessage(limit, spool);
  }

  @Override
  public DeliveryAgent.Outcome deliver(RecipientResolver.Resolved rcpt, String sender, IncomingMessage message) {
    Status fail = failing.get(rcpt.mailbox());
    if (fail != null) {
      return new DeliveryAgent.Outcome(fail, null, "fake failure");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    deliveries.add(new Delivery(rcpt.mailbox(), sender, out.toString(StandardCharsets.ISO_8859_1)));
    Trace t = message.trace();
    if (t != null) {
      received.add(t.header(rcpt.mailbox()));
    }
    return new DeliveryAgent.Outcome(new Status(250, "2.0.0", "<" + rcpt.mailbox() + "> delivered"),
        "msg" + deliveries.size(), null);
  }
}
