package org.vqpop.server;

import java.nio.file.Path;

/** The conversation suite over plain POP3 from loopback (where plaintext logins are allowed). */
class PlainConversationIT extends Pop3ConversationSuite {
  @Override
  ServerConfigBuilder configure(ServerConfigBuilder b, Path dir) {
    return b;
  }

  @Override
  Pop3Script open() throws Exception {
    return Pop3Script.plain(server.pop3());
  }
}
