package org.vqpop.server.net;

import java.net.Socket;

/**
 * Serves one accepted connection on its own virtual thread. The listener closes the socket
 * afterwards, whatever happens; an exception thrown here is a bug and is logged as one.
 *
 * <p>{@code deadline} is the connection's {@link Deadline}, not armed: the handler arms it (a
 * login deadline, a handshake deadline, inactivity), reads through {@link Deadline#input} and
 * writes through {@link Deadline#output}. The listener forgets it when the connection ends.
 */
@FunctionalInterface
public interface ConnectionHandler {
  void serve(Socket socket, Deadline deadline, String listener) throws Exception;
}
