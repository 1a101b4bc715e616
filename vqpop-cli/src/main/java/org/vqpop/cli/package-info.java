/**
 * The {@code vqpop} command: a thin face over {@code org.vqpop.mailhome}, with {@link
 * org.vqpop.cli.Launcher} dispatching on the name a command was started under.
 */
@NullMarked
package org.vqpop.cli;

import org.jspecify.annotations.NullMarked;
