package org.vqpop.pop3;

import org.jspecify.annotations.Nullable;

/**
 * What is known about a connection before login, as plain values (no sockets): the addresses
 * select the domain (the seed's {@code TCPLOCALHOST}) and allow RPOP; the SNI name selects the
 * domain too.
 *
 * @param localAddress the address the client connected to, as a literal ({@code 127.0.0.2}, {@code ::1})
 * @param localHost the local host name when one is known without a lookup (tcpserver's {@code
 *     TCPLOCALHOST}), else null
 * @param peerAddress the client's address, as a literal
 * @param peerPort the client's port; below 1024 only for a privileged client (RPOP)
 * @param sniName the TLS server name the client asked for, lower-cased, or null
 * @param tls whether the connection is encrypted now
 * @param listener the name of the listener, for logs
 */
public record ConnectionInfo(
    String localAddress, @Nullable String localHost, int localPort, String peerAddress, int peerPort,
    @Nullable String sniName, boolean tls, String listener) {}
