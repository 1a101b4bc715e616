package org.vqpop.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vqpop.wire.LineReader;

class BatchingOutputTest {
  /** Records each write that reaches the "socket". */
  static final class Socket extends ByteArrayOutputStream {
    final List<Integer> writes = new ArrayList<>();

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.add(len);
      super.write(b, off, len);
    }
  }

  static LineReader commands(String... lines) {
    return new LineReader(new ByteArrayInputStream(String.join("", lines).getBytes(StandardCharsets.US_ASCII)), 255,
        LineReader.BareLf.ACCEPT);
  }

  /** Reads every command and answers each with a reply and a flush, as the connection does. */
  static void answerAll(LineReader in, Pop3Connection.BatchingOutput out, int count) throws IOException {
    for (int i = 1; i <= count; i++) {
      assertThat(in.read()).isInstanceOf(LineReader.Line.class);
      out.write(("+OK message " + i + " deleted\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  @Test
  void aPipelinedBatchIsAnsweredWithOneWrite() throws IOException {
    List<String> dele = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      dele.add("DELE " + i + "\r\n");
      expected.append("+OK message ").append(i).append(" deleted\r\n");
    }
    LineReader in = commands(dele.toArray(String[]::new));
    Socket socket = new Socket();
    answerAll(in, new Pop3Connection.BatchingOutput(socket, in), 100);
    assertThat(socket.writes).hasSize(1);
    assertThat(socket.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void aReplyLeavesAtOnceWhenNoWholeCommandIsWaiting() throws IOException {
    LineReader in = commands("NOOP\r\n", "NOO"); // the second command is not complete yet
    Socket socket = new Socket();
    answerAll(in, new Pop3Connection.BatchingOutput(socket, in), 1);
    assertThat(socket.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK message 1 deleted\r\n");
  }

  @Test
  void aHugeBatchIsWrittenInBoundedPiecesAndNothingIsLost() throws IOException {
    int count = 5000; // ~130 KB of replies
    StringBuilder cmds = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      cmds.append("DELE ").append(i).append("\r\n");
      expected.append("+OK message ").append(i).append(" deleted\r\n");
    }
    LineReader in = commands(cmds.toString());
    Socket socket = new Socket();
    answerAll(in, new Pop3Connection.BatchingOutput(socket, in), count);
    assertThat(socket.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    assertThat(socket.writes).allSatisfy(len -> assertThat(len).isLessThanOrEqualTo(
        Pop3Connection.BatchingOutput.MAX_BATCH));
    // Flushed whenever the 2 KiB read buffer holds no whole command: still ~150 replies a write.
    assertThat(socket.writes.size()).isLessThan(count / 100);
  }

  @Test
  void largeWritesGoStraightThroughAfterWhatIsBuffered() throws IOException {
    LineReader in = commands("RETR 1\r\n", "NOOP\r\n");
    Socket socket = new Socket();
    Pop3Connection.BatchingOutput out = new Pop3Connection.BatchingOutput(socket, in);
    in.read();
    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    out.write(chunk, 0, chunk.length);
    out.flush(); // NOOP is waiting: held
    assertThat(socket.writes).containsExactly(5, 64 * 1024);
    in.read();
    out.flush();
    assertThat(socket.size()).isEqualTo(5 + 64 * 1024);
  }
}
