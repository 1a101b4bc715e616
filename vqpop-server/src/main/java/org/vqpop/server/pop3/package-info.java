/**
 * The join of a socket and the POP3 engine: {@code Pop3Connection} is the only class that reads and writes a POP3 socket; it also does the STLS upgrade, timeouts, login delays and the per-session log line.
 */
@NullMarked
package org.vqpop.server.pop3;

import org.jspecify.annotations.NullMarked;
