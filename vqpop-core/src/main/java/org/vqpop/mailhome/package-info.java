/**
 * The administrative core behind the seed's commands and the {@code vqpop} command: one mail home, its lock, and every change made to it (domains, users, homes, rebuilds, imports).
 */
@NullMarked
package org.vqpop.mailhome;

import org.jspecify.annotations.NullMarked;
