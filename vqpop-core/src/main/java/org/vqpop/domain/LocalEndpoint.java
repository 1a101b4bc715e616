package org.vqpop.domain;

import org.jspecify.annotations.Nullable;

/**
 * What the server side of a connection tells about which domain the client meant, before login.
 *
 * @param localAddress the address the client connected to, as a literal; empty if unknown (inetd)
 * @param localHost the local host name when known without a lookup (tcpserver's {@code
 *     TCPLOCALHOST}), else null
 * @param sniName the TLS server name the client asked for, or null
 */
public record LocalEndpoint(String localAddress, @Nullable String localHost, @Nullable String sniName) {
  public static final LocalEndpoint UNKNOWN = new LocalEndpoint("", null, null);
}
