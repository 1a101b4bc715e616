package org.vqpop.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.vqpop.bench.gen.Messages;

/**
 * W6: {@code --conns} LMTP connections deliver generated messages of about {@code --size} octets
 * for {@code --seconds}, one recipient each, the {@code user} users in turn (connection k starts at
 * user k). Reports messages/s and server CPU per message.
 */
final class Deliver {
  private Deliver() {}

  static Json run(Target t, Args a) throws Exception {
    int conns = a.integer("conns", 1);
    int size = a.integer("size", 10 * 1024);
    double seconds = a.decimal("seconds", 10);
    List<Target.User> users = t.users("user");
    byte[][] bodies = new byte[8][];
    SplittableRandom r = new SplittableRandom(a.integer("seed", 1));
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = stuffed(Messages.message(r.split(), size, "rcpt@bench.example", Messages.Ending.CRLF));
    }
    AtomicLong delivered = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    double cpu0 = t.serverCpu();
    double self0 = Proc.selfCpuSeconds();
    long t0 = System.nanoTime();
    long stopAt = t0 + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < conns; k++) {
      int id = k;
      threads.add(Thread.ofPlatform().start(() -> {
        try (LmtpClient c = LmtpClient.connect(t.address())) {
          for (int i = id; System.nanoTime() < stopAt; i += conns) {
            String rcpt = users.get(i % users.size()).login();
            try {
              c.deliver("sender@example.net", rcpt, bodies[i % bodies.length]);
              delivered.incrementAndGet();
            } catch (ServerError e) {
              if (errors.incrementAndGet() <= 5) {
                System.err.println("W6 " + t.server() + ": " + e.getMessage());
              }
              c.quit();
              return;
            }
          }
          c.quit();
        } catch (IOException e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }));
    }
    for (Thread th : threads) {
      th.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double serverCpu = t.serverCpu() - cpu0;
    double clientCpu = Proc.selfCpuSeconds() - self0;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("W6: " + failures.get(0), failures.get(0));
    }
    return t.result("W6", "conns=" + conns + " size=" + size / 1024 + "k")
        .put("conns", conns).put("size", size).put("messages", delivered.get()).put("errors", errors.get())
        .put("wall_s", wall).put("messages_per_s", delivered.get() / wall)
        .put("server_cpu_s", serverCpu).put("client_cpu_s", clientCpu)
        .put("server_cpu_ms_per_message", delivered.get() == 0 ? Double.NaN : serverCpu * 1000 / delivered.get());
  }

  /** CRLF line ends and dot-stuffing, as an MTA sends DATA. */
  static byte[] stuffed(byte[] msg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length + msg.length / 50);
    boolean lineStart = true;
    for (int i = 0; i < msg.length; i++) {
      byte b = msg[i];
      if (lineStart && b == '.') {
        out.write('.');
      }
      if (b == '\n' && (i == 0 || msg[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(b);
      lineStart = b == '\n';
    }
    if (!lineStart) {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }
}
