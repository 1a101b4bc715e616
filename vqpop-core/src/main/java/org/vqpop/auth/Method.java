package org.vqpop.auth;

/**
 * How a client logged in: the protocol's login method, as the log's {@code method=} shows it. The
 * one enum for it; which source of the chain then vouched for the user is a {@link Source}
 * ({@code source=} in the log).
 */
public enum Method {
  /** POP3 USER and PASS (RFC 1939 §7), or a checkpassword login (name and password). */
  USER_PASS,
  /** POP3 APOP: a digest of the greeting's timestamp and a shared secret (RFC 1939 §7). */
  APOP,
  /** SASL PLAIN (RFC 4616) through POP3 AUTH (RFC 5034). */
  SASL_PLAIN
}
