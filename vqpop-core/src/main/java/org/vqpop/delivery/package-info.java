/**
 * Delivery of incoming mail to virtual users: resolving a recipient address to a user's Maildir,
 * the headers a delivery adds, loop detection, quotas, and the outcome as an SMTP-style status
 * that LMTP sends as it is and {@code vqpop deliver} turns into an exit code. Knows no sockets.
 */
@NullMarked
package org.vqpop.delivery;

import org.jspecify.annotations.NullMarked;
