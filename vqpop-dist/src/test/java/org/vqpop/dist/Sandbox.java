package org.vqpop.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scratch mail home, a qmail directory and a home for the pop account {@code alias}, and a way
 * to run the distribution's commands in it as processes, the way an administrator does.
 */
final class Sandbox {
  static final Path DIST = Path.of(System.getProperty("vqpop.dist", "../target/vqpop")).toAbsolutePath().normalize();

  final Path root;
  final Path mailhome;
  final Path qmail;
  final Path alias;
  final Path passwd;
  final int uid;
  final int gid;
  final Map<String, String> env = new HashMap<>();

  /** A sandbox whose {@code alias} account has the given ids (the current ones unless root). */
  Sandbox(Path root, int uid, int gid) throws Exception {
    this.root = root;
    this.mailhome = root.resolve("mailhome");
    this.qmail = root.resolve("qmail");
    this.alias = root.resolve("alias");
    this.passwd = root.resolve("passwd");
    this.uid = uid;
    this.gid = gid;
    Files.createDirectories(qmail.resolve("users"));
    Files.createDirectories(qmail.resolve("control"));
    Files.createDirectories(alias);
    // the administrator's 'mkdir /var/mailhome; chown alias' (or 'vqpop init'): no command makes one
    Files.createDirectory(mailhome);
    if (Tools.root()) {
      Files.setAttribute(mailhome, "unix:uid", uid);
      Files.setAttribute(mailhome, "unix:gid", gid);
    }
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalias:*:" + uid + ":" + gid + ":qmail alias:" + alias
        + ":/bin/sh\n");
    env.put("MAILHOME", mailhome.toString());
    env.put("QMAIL_HOME", qmail.toString());
    env.put("POP_USER", "alias");
    env.put("VQPOP_PASSWD_FILE", passwd.toString());
    env.put("PATH", DIST.resolve("bin") + ":" + System.getenv("PATH"));
    // new passwords hashed cheaply unless a test says otherwise
    Path conf = root.resolve("vqpop.toml");
    Files.writeString(conf, "[passwords]\nscheme = \"sha512-crypt\"\n");
    env.put("VQPOP_CONFIG", conf.toString());
  }

  static Sandbox asCurrentUser(Path root) throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    return new Sandbox(root, uid, gid);
  }

  record Result(int code, String out, String err) {
    Result ok() {
      assertThat(code).as("exit code; stderr: %s", err).isZero();
      return this;
    }

    Result fails(int expected) {
      assertThat(code).as("exit code; stdout: %s stderr: %s", out, err).isEqualTo(expected);
      assertThat(err).as("no stack trace reaches the user").doesNotContain("\tat ").doesNotContain("Exception");
      return this;
    }
  }

  /** Runs {@code bin/NAME args} with {@code stdin} as standard input. */
  Result input(@Nullable String stdin, String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(DIST.resolve("bin").resolve(name).toString());
    cmd.addAll(List.of(args));
    return exec(stdin, mailhome.toFile().isDirectory() ? mailhome : root, cmd);
  }

  Result run(String name, String... args) throws IOException, InterruptedException {
    return input(null, name, args);
  }

  Result exec(@Nullable String stdin, Path dir, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  /** The seed's three domains. */
  void seedDomains() throws Exception {
    run("popdom", "-a", "oce.nl", "st1-jos.oce.nl", "oce.nl").ok();
    run("popdom", "-a", "acme.com", "mail.acme.com", "acme.com", "acme").ok();
    run("popdom", "-a", "isp.net", "pophost.isp.net", "mboxes.isp.net", "isp").ok();
  }
}
