package org.vqpop.server.net;

import java.net.Socket;

/**
 * Serves one accepted connection on its own virtual thread. The listener closes the socket
 * afterwards, whatever happens; an exception thrown here is a bug and is logged as one.
 */
@FunctionalInterface
public interface ConnectionHandler {
  void serve(Socket socket, String listener) throws Exception;
}
