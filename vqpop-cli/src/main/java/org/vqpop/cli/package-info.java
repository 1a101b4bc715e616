/**
 * The {@code vqpop} command: a thin face over {@code org.vqpop.mailhome}, with {@link
 * org.vqpop.cli.Launcher} dispatching on the name a command was started under, to this command or
 * to the seed's ({@code org.vqpop.cli.compat}). What both use is in {@code org.vqpop.cli.common},
 * so that the seed's commands do not depend on this package.
 */
@NullMarked
package org.vqpop.cli;

import org.jspecify.annotations.NullMarked;
