/**
 * Bytes on the wire of the line-based mail protocols (POP3 now, LMTP later): reading
 * CRLF-terminated command lines with a bounded buffer, and writing multi-line responses and stored
 * messages with RFC 1939 byte-stuffing and CRLF line ends. Knows no sockets and no protocol state.
 */
@NullMarked
package org.vqpop.wire;

import org.jspecify.annotations.NullMarked;
