/**
 * Maildir as qmail defines it ({@code maildir.5}): the {@code tmp/new/cur} layout, unique names,
 * delivery by rename, and the snapshot a POP3 session works on.
 */
@NullMarked
package org.vqpop.maildir;

import org.jspecify.annotations.NullMarked;
