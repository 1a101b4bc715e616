package org.vqpop.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vqpop.config.ListenAddress;
import org.vqpop.config.VqpopConfig;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.server.tls.TlsContext;
import org.vqpop.server.tls.TlsException;

/**
 * What {@code vqpop serve} would find wrong when it starts, short of binding the ports: the
 * listeners, the certificates and keys (readable, parseable, each key matching its certificate,
 * the cipher suites known to this Java), the mail home and its {@code virtualpopdomains}, the
 * system account files when system accounts are on, the directories of the LMTP socket and the
 * spool. For {@code vqpop config check}; every problem is named, not just the first.
 */
public final class StartCheck {
  private StartCheck() {}

  public static List<String> problems(VqpopConfig c) {
    List<String> out = new ArrayList<>(c.serveProblems());
    if (!Files.isDirectory(c.mailhome())) {
      out.add("mailhome: mail home " + c.mailhome() + " does not exist (create it with vqpop init)");
    } else {
      Path vpd = c.mailhome().resolve("virtualpopdomains");
      try {
        VirtualPopDomains.read(vpd);
      } catch (FileFormatException e) {
        out.add(e.getMessage());
      } catch (IOException e) {
        out.add(vpd + ": cannot read: " + e.getMessage());
      }
    }
    resolvable(out, "pop3.listen", c.pop3().listen());
    resolvable(out, "pop3s.listen", c.pop3s().listen());
    resolvable(out, "lmtp.listen", c.lmtp().listen());
    boolean files = true;
    if (c.tls().enabled()) {
      files &= readable(out, "tls.cert", java.util.Objects.requireNonNull(c.tls().cert()));
      files &= readable(out, "tls.key", java.util.Objects.requireNonNull(c.tls().key()));
      for (int i = 0; i < c.tls().sni().size(); i++) {
        files &= readable(out, "tls.sni[" + i + "].cert", c.tls().sni().get(i).cert());
        files &= readable(out, "tls.sni[" + i + "].key", c.tls().sni().get(i).key());
      }
    }
    if (c.tls().enabled() && files) {
      try {
        TlsContext.load(c.tls()).close();
      } catch (TlsException e) {
        out.add("tls: " + e.getMessage());
      }
    }
    if (c.login().systemAccounts()) {
      readable(out, "login.passwd_file", c.login().passwdFile());
      readable(out, "login.shadow_file", c.login().shadowFile());
    }
    Path socket = c.lmtp().socket();
    if (socket != null && socket.toAbsolutePath().getParent() != null
        && !Files.isDirectory(socket.toAbsolutePath().getParent())) {
      out.add("lmtp.socket: directory " + socket.toAbsolutePath().getParent() + " does not exist");
    }
    Path spool = c.delivery().spoolDir();
    if (c.lmtp().enabled() && spool != null && !Files.isDirectory(spool)
        && (spool.toAbsolutePath().getParent() == null || !Files.isDirectory(spool.toAbsolutePath().getParent()))) {
      out.add("delivery.spool_dir: neither " + spool + " nor its parent directory exists");
    }
    return out;
  }

  private static void resolvable(List<String> out, String key, List<ListenAddress> addresses) {
    for (int i = 0; i < addresses.size(); i++) {
      try {
        InetAddress.getByName(addresses.get(i).host());
      } catch (UnknownHostException e) {
        out.add(key + "[" + i + "]: host " + addresses.get(i).host() + " is not known");
      }
    }
  }

  private static boolean readable(List<String> out, String key, Path file) {
    if (!Files.isReadable(file)) {
      out.add(key + ": " + file + (Files.exists(file) ? " is not readable by this user" : ": no such file"));
      return false;
    }
    return true;
  }
}
