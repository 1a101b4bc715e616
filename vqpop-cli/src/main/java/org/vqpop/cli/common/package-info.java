/**
 * What every command builds on, the modern {@code vqpop} and the seed's alike: the options that
 * say where the mail home is, the {@code Context} that builds the core from them, the environment
 * and the configuration file, and reading a password without putting it on a command line.
 */
@NullMarked
package org.vqpop.cli.common;

import org.jspecify.annotations.NullMarked;
