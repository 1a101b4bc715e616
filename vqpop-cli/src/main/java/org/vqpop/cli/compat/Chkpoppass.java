package org.vqpop.cli.compat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vqpop.auth.AuthChain;
import org.vqpop.auth.AuthResult;
import org.vqpop.auth.ChainResult;
import org.vqpop.auth.Credentials;
import org.vqpop.auth.LoginIdentity;
import org.vqpop.auth.Peer;
import org.vqpop.auth.password.PasswordHasher;
import org.vqpop.auth.system.Privileges;
import org.vqpop.cli.common.Context;
import org.vqpop.cli.common.MailHomeOptions;
import org.vqpop.config.ConfigException;
import org.vqpop.config.LoginSettings;
import org.vqpop.config.VqpopConfig;
import org.vqpop.directory.CdbUserDirectory;
import org.vqpop.domain.FileFormatException;
import org.vqpop.domain.LocalEndpoint;
import org.vqpop.domain.LoginResolver;
import org.vqpop.domain.Resolution;
import org.vqpop.domain.VirtualPopDomains;
import org.vqpop.login.LoginService;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.MailHome;
import org.vqpop.mailhome.PopAccount;
import org.vqpop.net.SystemHostAddresses;

/**
 * {@code chkpoppass PROGRAM [ARGS...]}: the seed's checkpassword program, so a real {@code
 * qmail-popup} can still use vqpop's domains and users. It reads {@code login\0password\0timestamp\0}
 * from descriptor 3, selects the domain as the server does ({@code [login]} settings; tcpserver's
 * {@code TCPLOCALHOST} and {@code TCPLOCALIP} for the local end, {@code TCPREMOTEIP} and {@code
 * TCPREMOTEPORT} for RPOP), checks the login with the seed's chain, and on success runs PROGRAM
 * in the user's home with {@code USER}, {@code HOME} and {@code SHELL} set.
 *
 * <p>Differences from checkpassword: Java cannot {@code exec()}, so PROGRAM runs as a child with
 * standard input, output and error inherited, and chkpoppass exits with its status. If started
 * as root, the whole process first gives up root for good, to the pop account for a virtual user
 * or to the system account (see {@link Privileges}); it refuses to run PROGRAM as uid 0. Not
 * started as root, it runs PROGRAM as itself, as the seed did under {@code tcpserver -u}.
 *
 * <p>A password that looks like an APOP digest (32 hex digits) with a timestamp is checked as
 * APOP first and, failing that, as a password (qmail-popup sends the timestamp with USER/PASS
 * too, and a password may be 32 hex digits).
 *
 * <p>{@code chkpoppass -d USER PASSWORD APOP_TS PROGRAM [ARGS...]} takes the login from the command
 * line and writes the seed's trace to standard error, password included; for testing by hand only.
 *
 * <p>Exit codes: PROGRAM's status after a login; 1 login failed; 2 misuse (no PROGRAM, descriptor
 * 3 unreadable or malformed); 111 temporary failure (database or configuration unreadable,
 * PROGRAM cannot be started), as checkpassword's callers expect.
 */
public final class Chkpoppass {
  static final int EXIT_FAILED = 1;
  static final int EXIT_MISUSE = 2;
  static final int EXIT_TEMP = 111;
  static final String VIRTUAL_SHELL = "/bin/sh";

  private final Context ctx;
  private final PrintStream err;
  private boolean debug;

  public Chkpoppass(Context ctx, PrintStream err) {
    this.ctx = ctx;
    this.err = err;
  }

  public int run(String[] args) {
    try {
      return runUnchecked(args);
    } catch (RuntimeException e) {
      // A bug: one line, never a stack trace, on the descriptor qmail-popup logs.
      err.println("chkpoppass: internal error: " + e.getClass().getSimpleName());
      return EXIT_TEMP;
    }
  }

  private int runUnchecked(String[] args) {
    CheckpasswordInput in;
    List<String> command;
    if (args.length > 0 && args[0].equals("-d")) {
      if (args.length < 5) {
        err.println("chkpoppass: usage: chkpoppass -d USER PASSWORD APOP_TS PROGRAM [ARGS...]");
        return EXIT_MISUSE;
      }
      debug = true;
      in = new CheckpasswordInput(args[1], args[2].getBytes(StandardCharsets.UTF_8), args[3]);
      command = List.of(Arrays.copyOfRange(args, 4, args.length));
      trace("args: user=" + args[1] + ", passwd=" + args[2] + ", apop_ts=" + args[3] + ",\nuser_program=" + args[4]);
    } else {
      if (args.length < 1) {
        err.println("chkpoppass: usage: chkpoppass PROGRAM [ARGS...] (login on descriptor 3)");
        return EXIT_MISUSE;
      }
      command = List.of(args);
      // Set by bin/chkpoppass, which can tell whether descriptor 3 was open before the JVM started.
      if ("closed".equals(System.getProperty("vqpop.fd3"))) {
        err.println("chkpoppass: descriptor 3 is not open; it must carry login\\0password\\0timestamp\\0");
        return EXIT_MISUSE;
      }
      CheckpasswordInput.Read read;
      try (InputStream fd3 = new FileInputStream("/proc/self/fd/3")) {
        read = CheckpasswordInput.read(fd3);
      } catch (IOException e) {
        err.println("chkpoppass: cannot read descriptor 3: " + e.getMessage());
        return EXIT_MISUSE;
      }
      switch (read) {
        case CheckpasswordInput.Malformed m -> {
          err.println("chkpoppass: " + m.why());
          return EXIT_MISUSE;
        }
        case CheckpasswordInput.Parsed p -> in = p.input();
      }
    }
    try {
      return check(in, command);
    } finally {
      Arrays.fill(in.password(), (byte) 0);
    }
  }

  private int check(CheckpasswordInput in, List<String> command) {
    MailHomeOptions none = new MailHomeOptions();
    MailHome home;
    LoginSettings settings;
    VirtualPopDomains table;
    try {
      VqpopConfig config = ctx.config(none);
      home = ctx.mailHome(config);
      settings = config.login();
      table = VirtualPopDomains.read(home.virtualPopDomains());
    } catch (AdminException | FileFormatException e) {
      err.println("chkpoppass: " + e.getMessage());
      return EXIT_TEMP;
    } catch (IOException e) {
      err.println("chkpoppass: cannot read " + home(e));
      return EXIT_TEMP;
    }
    Map<String, String> env = ctx.env();
    LocalEndpoint local = new LocalEndpoint(env.getOrDefault("TCPLOCALIP", ""), env.get("TCPLOCALHOST"), null);
    Peer peer = new Peer(env.getOrDefault("TCPREMOTEIP", ""), port(env.get("TCPREMOTEPORT")));
    LoginResolver resolver = LoginService.resolver(settings, new SystemHostAddresses(Duration.ofMinutes(1)));
    AuthChain chain = LoginService.chain(settings, new CdbUserDirectory(home.layout()), PasswordHasher.defaults());

    Resolution resolution = resolver.resolve(table, in.login(), local);
    traceResolution(resolution);
    ChainResult result = null;
    for (Credentials c : credentials(in)) {
      result = chain.check(c, resolution, peer);
      traceSteps(result);
      if (!(result.result() instanceof AuthResult.Failure f) || f.kind() == AuthResult.Kind.TEMPORARY) {
        break;
      }
    }
    return switch (result.result()) {
      case AuthResult.Failure f when f.kind() == AuthResult.Kind.TEMPORARY -> {
        err.println("chkpoppass: temporary failure: " + result.detail());
        yield EXIT_TEMP;
      }
      case AuthResult.Failure f -> {
        trace("failed: " + f.kind() + ": " + result.detail());
        yield EXIT_FAILED;
      }
      case AuthResult.Success s -> start(s.identity(), home, command);
    };
  }

  /** As APOP when the password looks like a digest and there is a timestamp, then as a password. */
  private static List<Credentials> credentials(CheckpasswordInput in) {
    List<Credentials> out = new ArrayList<>(2);
    String pw = new String(in.password(), StandardCharsets.ISO_8859_1);
    if (!in.timestamp().isEmpty() && pw.matches("[0-9a-fA-F]{32}")) {
      out.add(new Credentials.Apop(in.login(), in.timestamp(), pw));
    }
    out.add(new Credentials.UserPass(in.login(), in.password()));
    return out;
  }

  private int start(LoginIdentity id, MailHome home, List<String> command) {
    String shell = id.account() == null || id.account().shell().isEmpty() ? VIRTUAL_SHELL : id.account().shell();
    trace("shell=" + shell + ", user=" + id.user() + ", home=" + id.home());
    if (Privileges.effectiveUid() == 0) {
      int uid;
      int gid;
      if (id.account() != null) {
        uid = id.account().uid();
        gid = id.account().gid();
      } else {
        try {
          PopAccount pop = home.account();
          uid = pop.uid();
          gid = pop.gid();
        } catch (AdminException e) {
          err.println("chkpoppass: " + e.getMessage());
          return EXIT_TEMP;
        }
      }
      if (uid == 0) {
        err.println("chkpoppass: will not run " + command.get(0) + " as root for " + id.canonicalName()
            + "; the mail home's pop account must be an unprivileged account");
        return EXIT_TEMP;
      }
      if (Privileges.dropTo(uid, gid) instanceof Privileges.Refused r) {
        err.println("chkpoppass: cannot give up root: " + r.detail());
        return EXIT_TEMP;
      }
    }
    if (!Files.isDirectory(id.home())) {
      err.println("chkpoppass: home directory " + id.home() + " of " + id.canonicalName() + " does not exist");
      return EXIT_TEMP;
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(id.home().toFile()).inheritIO();
    pb.environment().put("USER", id.user());
    pb.environment().put("HOME", id.home().toString());
    pb.environment().put("SHELL", shell);
    err.flush();
    try {
      Process p = pb.start();
      return p.waitFor();
    } catch (IOException e) {
      err.println("chkpoppass: cannot run " + command.get(0) + " in " + id.home() + ": " + e.getMessage());
      return EXIT_TEMP;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_TEMP;
    }
  }

  private void traceResolution(Resolution r) {
    switch (r) {
      case Resolution.Resolved ok -> {
        switch (ok.how()) {
          case AT_SIGN -> trace("domain: user=" + ok.user() + ", domain=" + ok.domain().domain());
          case PREFIX -> trace("prefix: user=" + ok.user() + ", prefix=" + ok.domain().prefix());
          default -> {}
        }
        trace("domaindir=" + ok.domain().directory());
      }
      case Resolution.Unresolved u -> trace("no domain: " + u.detail());
    }
  }

  private void traceSteps(ChainResult r) {
    for (ChainResult.Step s : r.steps()) {
      String name = switch (s.source()) {
        case APOP_SECRET -> "apop";
        case POP_PASSWORD -> "popuser";
        case SYSTEM_ACCOUNT -> "passwd";
        case RPOP -> "rpop";
      };
      // The seed printed Perl's truth value: 1, or nothing.
      trace(name + ": " + (s.accepted() ? "1" : ""));
    }
  }

  private void trace(String line) {
    if (debug) {
      err.println("chkpoppass: " + line);
    }
  }

  private static int port(@Nullable String s) {
    if (s == null || !s.matches("[0-9]{1,5}")) {
      return -1;
    }
    return Integer.parseInt(s);
  }

  private static String home(IOException e) {
    return e instanceof NoSuchFileException ? e.getMessage() + ": no such file" : String.valueOf(e.getMessage());
  }
}
