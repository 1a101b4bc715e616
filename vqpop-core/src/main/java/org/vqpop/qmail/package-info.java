/**
 * qmail's own files, written exactly as qmail reads them: {@code users/assign}, {@code users/cdb} (as qmail-newu compiles it), {@code control/virtualdomains} and {@code .qmail} files.
 */
@NullMarked
package org.vqpop.qmail;

import org.jspecify.annotations.NullMarked;
