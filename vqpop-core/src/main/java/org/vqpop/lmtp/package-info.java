/**
 * The LMTP protocol engine (RFC 2033, with PIPELINING from RFC 2920, ENHANCEDSTATUSCODES from RFC
 * 2034/3463, 8BITMIME from RFC 6152 and SIZE from RFC 1870) as a state machine without sockets:
 * an {@link org.vqpop.lmtp.LmtpSession} takes lines as bytes and returns {@link
 * org.vqpop.lmtp.LmtpReply} values, which {@link org.vqpop.lmtp.LmtpWriter} turns into bytes.
 * Recipients and deliveries come through {@link org.vqpop.delivery.Deliveries}; the connection
 * layer owns the socket, the timeouts and the flushing of pipelined replies.
 */
@NullMarked
package org.vqpop.lmtp;

import org.jspecify.annotations.NullMarked;
