/**
 * The POP3 daemon's wiring: {@link org.vqpop.server.ServerAssembly}, built from the one {@link org.vqpop.config.VqpopConfig}, which builds listeners by hand (no DI container) and starts and stops them.
 */
@NullMarked
package org.vqpop.server;

import org.jspecify.annotations.NullMarked;
