/**
 * The seed's commands, {@code popdom}, {@code mkpopdb} and {@code mkpopuser}, with its names,
 * flags and files, over the same core as {@code vqpop}.
 */
@NullMarked
package org.vqpop.cli.compat;

import org.jspecify.annotations.NullMarked;
