/**
 * The one encoder of the server's event log lines (a POP3 session, a failed login, an LMTP
 * recipient): {@code event key=value ...}, each key also an SLF4J key-value pair, with one rule
 * for client-chosen text ({@link org.vqpop.log.LogLine#printable}).
 */
@NullMarked
package org.vqpop.log;

import org.jspecify.annotations.NullMarked;
