/**
 * The seed's commands, {@code popdom}, {@code mkpopdb}, {@code mkpopuser} and {@code chkpoppass}, with its names,
 * flags and files, over the same core as {@code vqpop}.
 */
@NullMarked
package org.vqpop.cli.compat;

import org.jspecify.annotations.NullMarked;
