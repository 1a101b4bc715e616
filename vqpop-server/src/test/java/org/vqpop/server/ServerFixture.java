package org.vqpop.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Predicate;

/** A started server over a {@link MailFixture}; stop it with {@link #close()}. */
final class ServerFixture implements AutoCloseable {
  final ServerAssembly server;
  final ServerConfig config;

  ServerFixture(ServerConfig config) throws Exception {
    this(config, InetAddress::isLoopbackAddress);
  }

  ServerFixture(ServerConfig config, Predicate<InetAddress> localPeers) throws Exception {
    this.config = config;
    this.server = new ServerAssembly(config, ServerAssembly.backendsFor(config), localPeers);
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
