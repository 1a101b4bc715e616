package org.vqpop.auth;

/** The source of the seed's chain that let a user in, in the seed's order. */
public enum Source {
  /** The APOP secret: an APOP digest made with it, or the secret given as the password. */
  APOP_SECRET,
  /** The POP password hash of the user's {@code poppasswd.cdb} record. */
  POP_PASSWORD,
  /** A system account ({@code /etc/passwd} and {@code /etc/shadow}). */
  SYSTEM_ACCOUNT,
  /** RPOP: a privileged port on a trusted host vouches for the user (RFC 1081). */
  RPOP
}
