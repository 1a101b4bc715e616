package org.vqpop.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The uid and gid this process runs as, read once from {@code /proc/self}. */
final class ProcessIds {
  private ProcessIds() {}

  private static final int UID;
  private static final int GID;

  static {
    int uid = -1;
    int gid = -1;
    try {
      Path self = Path.of("/proc/self");
      uid = (Integer) Files.getAttribute(self, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      gid = (Integer) Files.getAttribute(self, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      // Not Linux: every chown is attempted, which is correct if slower.
    }
    UID = uid;
    GID = gid;
  }

  static int uid() {
    return UID;
  }

  static int gid() {
    return GID;
  }
}
