/**
 * The per-domain POP user database: the readable {@code poppasswd} source file, the {@code poppasswd.cdb} compiled from it, and the {@code PopUser} record.
 */
@NullMarked
package org.vqpop.directory;

import org.jspecify.annotations.NullMarked;
