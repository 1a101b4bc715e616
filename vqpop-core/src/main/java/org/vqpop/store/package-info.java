/**
 * The mail store as the POP3 engine sees it: a locked, numbered snapshot of one maildrop
 * ({@link org.vqpop.store.Mailbox}), opened with a result that says whether it is in use, and
 * changed only when the session commits. Knows nothing of any protocol; implementations live
 * elsewhere (e.g. {@code org.vqpop.maildir}).
 */
@NullMarked
package org.vqpop.store;

import org.jspecify.annotations.NullMarked;
