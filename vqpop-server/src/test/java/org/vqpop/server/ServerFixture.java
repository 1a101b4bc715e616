package org.vqpop.server;

import org.vqpop.config.VqpopConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A started server over a {@link MailFixture}; stop it with {@link #close()}. */
final class ServerFixture implements AutoCloseable {
  final ServerAssembly server;
  final VqpopConfig config;

  ServerFixture(VqpopConfig config) throws Exception {
    this(config, InetAddress::isLoopbackAddress);
  }

  ServerFixture(VqpopConfig config, Predicate<InetAddress> localPeers) throws Exception {
    this(config, localPeers, a -> a);
  }

  /** With {@code tune} applied to the assembly before it starts. */
  ServerFixture(VqpopConfig config, UnaryOperator<ServerAssembly> tune) throws Exception {
    this(config, InetAddress::isLoopbackAddress, tune);
  }

  ServerFixture(VqpopConfig config, Predicate<InetAddress> localPeers, UnaryOperator<ServerAssembly> tune)
      throws Exception {
    this.config = config;
    this.server = tune.apply(new ServerAssembly(config, localPeers));
    server.start();
  }

  InetSocketAddress pop3() {
    return server.pop3Addresses().get(0);
  }

  InetSocketAddress pop3s() {
    return server.pop3sAddresses().get(0);
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(1));
  }
}
