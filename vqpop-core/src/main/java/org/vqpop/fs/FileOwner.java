package org.vqpop.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The numeric owner and group a file is given. Applying it is skipped when the process already
 * runs as that user and group, so a non-root administrator can work on a mail home it owns.
 */
public record FileOwner(int uid, int gid) {

  /** Owner of files created by this process, which never needs a chown. */
  public static FileOwner current() {
    return new FileOwner(ProcessIds.uid(), ProcessIds.gid());
  }

  /** Gives {@code path} (not following a symbolic link) to this owner. */
  public void apply(Path path) throws IOException {
    if (uid == ProcessIds.uid() && gid == ProcessIds.gid()) {
      return;
    }
    try {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException e) {
      throw new IOException(
          "cannot give " + path + " to uid " + uid + ", gid " + gid
              + " (run as root or as the pop account): " + e.getMessage(), e);
    }
  }
}
