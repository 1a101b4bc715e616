package org.vqpop.maildir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A child process for {@link DeliveryCrashTest}: delivers numbered messages into a Maildir one
 * after another and prints {@code ack N} after each delivery is reported done, until killed.
 */
public final class DeliveryLoop {
  private DeliveryLoop() {}

  /** The exact bytes of message {@code n}: a few hundred octets to about 300 KB. */
  static byte[] message(long n) {
    StringBuilder b = new StringBuilder();
    b.append("Message-Id: <").append(n).append("@crash.test>\nSubject: message ").append(n).append("\n\n");
    int lines = (int) ((n * 7919) % 4000);
    for (int i = 0; i < lines; i++) {
      b.append("line ").append(i).append(" of message ").append(n).append(" .................................\n");
    }
    b.append("end of ").append(n).append('\n');
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws IOException {
    Path maildir = Path.of(args[0]);
    long n = Long.parseLong(args[1]);
    MaildirDeliverer d = new MaildirDeliverer("crash.test", Clock.systemUTC());
    for (;; n++) {
      byte[] m = message(n);
      MessageBody body = new MessageBody() {
        @Override
        public long storedSize() {
          return m.length;
        }

        @Override
        public long crlfSize() {
          return m.length * 2L; // not checked here
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          // In pieces, so that a kill can land in the middle of the file.
          for (int off = 0; off < m.length; off += 4096) {
            out.write(m, off, Math.min(4096, m.length - off));
            out.flush();
          }
        }
      };
      if (d.deliver(maildir, body, Quota.NONE) instanceof MaildirDeliverer.Delivered) {
        System.out.println("ack " + n);
        System.out.flush();
      }
    }
  }
}
