package org.vqpop.auth;

/**
 * The client end of the connection, as RPOP needs it.
 *
 * @param address the client's address, as a literal; empty when unknown
 * @param port the client's port; -1 when unknown
 */
public record Peer(String address, int port) {
  public static final Peer UNKNOWN = new Peer("", -1);
}
