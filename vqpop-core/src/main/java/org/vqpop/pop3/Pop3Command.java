package org.vqpop.pop3;

import org.jspecify.annotations.Nullable;

/**
 * A parsed POP3 command line (RFC 1939 §3: a case-insensitive keyword, then arguments separated by
 * spaces). Message numbers are checked for syntax here and for range and deletion by the session.
 */
public sealed interface Pop3Command {

  /** {@code USER name} (RFC 1939 §7). */
  record User(String name) implements Pop3Command {}

  /** {@code PASS} and the rest of the line as bytes: passwords may contain spaces (RFC 1939 §7). */
  record Pass(byte[] password) implements Pop3Command {
    @Override
    public String toString() {
      return "Pass[***]";
    }
  }

  /** {@code APOP name digest}; the digest is 32 hex digits, lowercased here (RFC 1939 §7). */
  record Apop(String name, String digest) implements Pop3Command {}

  /** {@code AUTH mechanism [initial-response]} (RFC 5034 §4); the mechanism is upper-cased. */
  record Auth(String mechanism, @Nullable String initialResponse) implements Pop3Command {}

  /** {@code CAPA} (RFC 2449 §5). */
  record Capa() implements Pop3Command {}

  /** {@code STLS} (RFC 2595 §4). */
  record Stls() implements Pop3Command {}

  /** {@code QUIT}. */
  record Quit() implements Pop3Command {}

  /** {@code NOOP}. */
  record Noop() implements Pop3Command {}

  /** {@code STAT}. */
  record Stat() implements Pop3Command {}

  /** {@code RSET}. */
  record Rset() implements Pop3Command {}

  /** {@code LIST [msg]}; {@code msg} is {@link #ALL} when absent. */
  record List(long msg) implements Pop3Command {}

  /** {@code UIDL [msg]} (RFC 1939 §7); {@code msg} is {@link #ALL} when absent. */
  record Uidl(long msg) implements Pop3Command {}

  /** {@code RETR msg}. */
  record Retr(long msg) implements Pop3Command {}

  /** {@code DELE msg}. */
  record Dele(long msg) implements Pop3Command {}

  /** {@code TOP msg n} (RFC 1939 §7): both arguments are required. */
  record Top(long msg, long lines) implements Pop3Command {}

  /** A keyword this server does not know. */
  record Unknown(String verb) implements Pop3Command {}

  /** A known keyword with arguments that do not parse. */
  record Malformed(String verb, Problem problem) implements Pop3Command {}

  /** For LIST and UIDL: no message number given. Message numbers start at 1. */
  long ALL = 0;

  /** What is wrong with the arguments of a {@link Malformed} command. */
  enum Problem {
    MISSING_ARGUMENT,
    TOO_MANY_ARGUMENTS,
    NOT_A_NUMBER,
    ZERO,
    BAD_DIGEST
  }
}
