/**
 * LMTP over TCP and unix domain sockets: {@link org.vqpop.server.lmtp.LmtpConnection} joins a
 * connection to the core's {@link org.vqpop.lmtp.LmtpSession}; {@link
 * org.vqpop.server.lmtp.LmtpService} holds what all connections share.
 */
@NullMarked
package org.vqpop.server.lmtp;

import org.jspecify.annotations.NullMarked;
