package org.vqpop.pop3;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The POP3 command parser on the commands a session sends most (in this package for access). */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Pop3ParserBenchmark {
  final byte[] retr = "RETR 1234".getBytes(StandardCharsets.US_ASCII);
  final byte[] user = "USER joeuser@acme.com".getBytes(StandardCharsets.US_ASCII);
  final byte[] uidl = "UIDL".getBytes(StandardCharsets.US_ASCII);
  final byte[] top = "top 17 10".getBytes(StandardCharsets.US_ASCII);

  @Benchmark
  public Pop3Command retr() {
    return CommandParser.parse(retr);
  }

  @Benchmark
  public Pop3Command user() {
    return CommandParser.parse(user);
  }

  @Benchmark
  public Pop3Command uidl() {
    return CommandParser.parse(uidl);
  }

  @Benchmark
  public Pop3Command top() {
    return CommandParser.parse(top);
  }
}
