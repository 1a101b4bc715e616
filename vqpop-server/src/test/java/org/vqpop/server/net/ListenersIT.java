package org.vqpop.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptor both listeners share, over real sockets of each kind: a connection over the limit
 * gets the refusal and is closed at once while the admitted one is served; the slot comes back
 * when a connection ends; an orderly stop waits for, then closes, what is still open.
 */
class ListenersIT {
  static final byte[] REFUSAL = "421 busy\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] HELLO = "hello\r\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  /** Each connection is greeted, then held until the client sends a line (or is closed). */
  static void echoUntilLine(InputStream in, OutputStream out, CountDownLatch served) throws IOException {
    out.write(HELLO);
    out.flush();
    served.countDown();
    while (in.read() > 0) {
      // read to the end
    }
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      b.append((char) c);
    }
    return b.toString();
  }

  @Test
  void tcpRefusesOverTheLimitAndServesTheRest() throws Exception {
    CountDownLatch served = new CountDownLatch(2);
    try (Listener l = Listener.bind("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new ConnectionLimits(1, 1), REFUSAL,
        (socket, deadline, name) -> echoUntilLine(socket.getInputStream(), socket.getOutputStream(), served))) {
      l.start();
      int port = l.localAddress().getPort();
      try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
        first.setSoTimeout(10_000);
        assertThat(readLine(first.getInputStream())).isEqualTo("hello\r");
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
          second.setSoTimeout(10_000);
          assertThat(readAll(second.getInputStream())).isEqualTo("421 busy\r\n");
        }
        assertThat(l.openConnections()).isEqualTo(1);
      }
      assertThat(l.awaitConnections(Duration.ofSeconds(10))).isTrue();
      try (Socket third = new Socket(InetAddress.getLoopbackAddress(), port)) {
        third.setSoTimeout(10_000);
        assertThat(readLine(third.getInputStream())).as("the slot came back").isEqualTo("hello\r");
        assertThat(served.await(10, TimeUnit.SECONDS)).isTrue();
        l.close();
        assertThat(l.awaitConnections(Duration.ofMillis(200))).as("open ones go on").isFalse();
        l.closeConnections();
        assertThat(readAll(third.getInputStream())).isEmpty();
        assertThat(l.awaitConnections(Duration.ofSeconds(10))).isTrue();
      }
    }
  }

  @Test
  void aUnixSocketRefusesOverTheLimitAndServesTheRest() throws Exception {
    Path path = dir.resolve("test.sock");
    CountDownLatch served = new CountDownLatch(2);
    try (UnixListener l = UnixListener.bind("test", path, PosixFilePermissions.fromString("rw-------"), 1,
        Duration.ofMinutes(1), REFUSAL, (in, out, deadline, name) -> echoUntilLine(in, out, served))) {
      l.start();
      try (SocketChannel first = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
        assertThat(readLine(Channels.newInputStream(first))).isEqualTo("hello\r");
        try (SocketChannel second = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
          assertThat(readAll(Channels.newInputStream(second))).isEqualTo("421 busy\r\n");
        }
        assertThat(l.openConnections()).isEqualTo(1);
      }
      assertThat(l.awaitConnections(Duration.ofSeconds(10))).isTrue();
      try (SocketChannel third = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
        assertThat(readLine(Channels.newInputStream(third))).as("the slot came back").isEqualTo("hello\r");
        assertThat(served.await(10, TimeUnit.SECONDS)).isTrue();
        l.close();
        assertThat(path).doesNotExist();
        assertThat(l.awaitConnections(Duration.ofMillis(200))).as("open ones go on").isFalse();
        l.closeConnections();
        assertThat(readAll(Channels.newInputStream(third))).isEmpty();
        assertThat(l.awaitConnections(Duration.ofSeconds(10))).isTrue();
      }
    }
  }
}
