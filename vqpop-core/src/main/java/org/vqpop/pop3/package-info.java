/**
 * The POP3 protocol engine (RFC 1939, with CAPA and response codes from RFC 2449 and RFC 3206,
 * AUTH PLAIN from RFC 5034/4616 and STLS from RFC 2595) as a state machine without sockets: a
 * {@link org.vqpop.pop3.Pop3Session} takes command lines as bytes and returns {@link
 * org.vqpop.pop3.Pop3Reply} values, which a {@link org.vqpop.pop3.ReplyWriter} turns into bytes.
 * Logins and maildrops come through {@link org.vqpop.pop3.Pop3Backend}; the connection layer owns
 * the socket, TLS and timeouts.
 */
@NullMarked
package org.vqpop.pop3;

import org.jspecify.annotations.NullMarked;
