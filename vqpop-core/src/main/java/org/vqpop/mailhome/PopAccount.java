package org.vqpop.mailhome;

import java.nio.file.Path;
import org.vqpop.fs.FileOwner;

/**
 * The account that owns the mail home (the seed's {@code alias}), and where its {@code .qmail-*}
 * files go.
 */
public record PopAccount(String name, int uid, int gid, Path home) {
  public FileOwner owner() {
    return new FileOwner(uid, gid);
  }
}
