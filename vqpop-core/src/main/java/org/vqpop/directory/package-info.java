/**
 * The per-domain POP user database: the readable {@code poppasswd} source file, the {@code poppasswd.cdb} compiled from it, the {@code PopUser} record, and where a mail home keeps them and each user's home ({@code MailHomeLayout}: {@code DOMAINDIR/j/joeuser}).
 */
@NullMarked
package org.vqpop.directory;

import org.jspecify.annotations.NullMarked;
