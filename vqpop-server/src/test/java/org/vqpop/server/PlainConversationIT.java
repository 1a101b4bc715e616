package org.vqpop.server;

import org.vqpop.config.VqpopConfig;
import java.nio.file.Path;

/** The conversation suite over plain POP3 from loopback (where plaintext logins are allowed). */
class PlainConversationIT extends Pop3ConversationSuite {
  @Override
  VqpopConfig configure(VqpopConfig b, Path dir) {
    return b;
  }

  @Override
  Pop3Script open() throws Exception {
    return Pop3Script.plain(server.pop3());
  }
}
