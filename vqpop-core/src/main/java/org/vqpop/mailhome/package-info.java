/**
 * The administrative core behind the seed's commands and the {@code vqpop} command: one mail home,
 * its lock, and every change made to it, by what it changes ({@code DomainAdmin}, {@code
 * UserAdmin}, {@code HomeAdmin}, {@code QuotaAdmin}, {@code ImportAdmin}, reached through {@code
 * Admin}), over typed names; all share the lock and the {@code Rebuilder}.
 */
@NullMarked
package org.vqpop.mailhome;

import org.jspecify.annotations.NullMarked;
