package org.vqpop.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server under test and what every workload reports with: its name and port, the pid of its
 * root process (for CPU and memory), and the users the generator wrote.
 */
record Target(String server, InetSocketAddress address, long pid, Path usersFile) {
  record User(String kind, String login, String secret) {}

  static Target from(Args a) {
    return new Target(a.get("server"), new InetSocketAddress(a.get("host", "127.0.0.1"), Integer.parseInt(a.get("port"))),
        Long.parseLong(a.get("pid", "0")), Path.of(a.get("users")));
  }

  /** The users of one kind ({@code user}, {@code apop}, {@code dl}, ...), in file order. */
  List<User> users(String kind) throws IOException {
    List<User> out = new ArrayList<>();
    for (String line : Files.readAllLines(usersFile)) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[0].equals(kind)) {
        out.add(new User(f[0], f[1], f[2]));
      }
    }
    return out;
  }

  User user(String login) throws IOException {
    for (String line : Files.readAllLines(usersFile)) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[1].equals(login)) {
        return new User(f[0], f[1], f[2]);
      }
    }
    throw new IllegalArgumentException("no user " + login + " in " + usersFile);
  }

  double serverCpu() throws IOException {
    return pid > 0 ? Proc.cpuSeconds(pid) : Double.NaN;
  }

  /** A result line with the fields every workload has. */
  Json result(String workload, String variant) {
    return new Json().put("workload", workload).put("variant", variant).put("server", server);
  }
}
