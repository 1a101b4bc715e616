/**
 * The POP3 daemon's wiring: the validated {@link org.vqpop.server.ServerConfig}, its TOML reader, and {@link org.vqpop.server.ServerAssembly}, which builds listeners by hand (no DI container) and starts and stops them.
 */
@NullMarked
package org.vqpop.server;

import org.jspecify.annotations.NullMarked;
