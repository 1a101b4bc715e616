package org.vqpop.directory;

import java.nio.file.Path;
import java.util.Map;
import org.vqpop.domain.VirtualDomain;
import org.vqpop.testing.InMemoryUserDirectory;
import org.vqpop.testing.UserDirectoryContract;

class InMemoryUserDirectoryTest implements UserDirectoryContract {
  final InMemoryUserDirectory directory = new InMemoryUserDirectory();

  @Override
  public UserDirectory directory() {
    return directory;
  }

  @Override
  public void store(VirtualDomain domain, Map<PopUser, Path> users) {
    directory.replace(domain, users);
  }
}
