/**
 * Sockets: a {@link org.vqpop.server.net.Listener} accepts on a platform thread and runs each connection on a virtual thread of its own, under connection limits shared by all listeners.
 */
@NullMarked
package org.vqpop.server.net;

import org.jspecify.annotations.NullMarked;
