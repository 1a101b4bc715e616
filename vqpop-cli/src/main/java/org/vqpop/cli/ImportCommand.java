package org.vqpop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.vqpop.address.Domain;
import org.vqpop.address.InvalidNameException;
import org.vqpop.address.UserName;
import org.vqpop.cli.common.AdminArgs;
import org.vqpop.auth.password.PasswordScheme;
import org.vqpop.directory.PopUser;
import org.vqpop.mailhome.Admin;
import org.vqpop.mailhome.AdminException;
import org.vqpop.mailhome.ImportAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vqpop import}: many users in one pass with one rebuild. Every line is checked before
 * anything is written; an error names the file and line.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import users in one pass.",
    subcommands = {ImportCommand.Mhpop.class, ImportCommand.Passwd.class})
final class ImportCommand {
  @ParentCommand VqpopCommand root;

  /** A parsed line: the user, and a secret or a hash. */
  interface LineParser {
    ImportAdmin.@Nullable Entry parse(String line, String where) throws AdminException;
  }

  static int run(VqpopCommand root, String domain, @Nullable Path file, LineParser parser) throws AdminException {
    Admin admin = root.ctx.admin(root.home);
    Domain d = AdminArgs.domain(admin, domain).domain();
    String name = file == null ? "standard input" : file.toString();
    List<ImportAdmin.Entry> entries = new ArrayList<>();
    try (BufferedReader r = file == null
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16)
        : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        ImportAdmin.Entry e = parser.parse(line, name + ":" + no);
        if (e != null) {
          entries.add(e);
        }
      }
    } catch (IOException e) {
      throw new AdminException(AdminException.Kind.TEMPORARY, "cannot read " + name + ": " + e.getMessage(), e);
    }
    int n = admin.imports().importUsers(d, entries);
    System.out.println("imported " + n + " user(s) into " + domain);
    return 0;
  }

  static UserName user(String s, String where) throws AdminException {
    try {
      return UserName.of(s);
    } catch (InvalidNameException e) {
      throw AdminException.bad(where + ": " + e.getMessage());
    }
  }

  /** What every import subcommand takes: the domain and the file, standard input by default. */
  abstract static class Subcommand implements Callable<Integer> {
    @ParentCommand ImportCommand parent;

    @Parameters(index = "0", paramLabel = "DOMAIN") String domain;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "Default: standard input.")
    @Nullable Path file;

    abstract LineParser parser();

    @Override
    public Integer call() throws AdminException {
      return run(parent.root, domain, file, parser());
    }
  }

  @Command(name = "mhpop", mixinStandardHelpOptions = true,
      description = "Import an MH POP account file, as the seed's mhpop2qpop script does: field 1 is the user, "
          + "field 4 is stored as the APOP secret (mkpopdb -a -s), and each user's home is created (mkpopuser -a).")
  static final class Mhpop extends Subcommand {
    @Override
    LineParser parser() {
      return (line, where) -> {
        // awk -F: '{print $1, $4}' | while read u p
        String[] f = line.split(":", -1);
        String u = f[0].trim();
        String p = f.length > 3 ? f[3].trim() : "";
        if (p.isEmpty()) {
          throw AdminException.bad(where + ": no password in field 4");
        }
        try {
          PopUser.checkSecret(p);
        } catch (IllegalArgumentException e) {
          throw AdminException.bad(where + ": " + e.getMessage());
        }
        return new ImportAdmin.Entry(user(u, where), p, null);
      };
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Import user:hash lines (crypt, bcrypt, argon2id or yescrypt hashes, as from /etc/shadow or "
          + "a Dovecot passwd-file); the hashes are stored as they are.")
  static final class Passwd extends Subcommand {
    @Override
    LineParser parser() {
      return (line, where) -> {
        int colon = line.indexOf(':');
        if (colon < 0) {
          throw AdminException.bad(where + ": expected user:hash");
        }
        String rest = line.substring(colon + 1);
        int end = rest.indexOf(':');
        String hash = end < 0 ? rest : rest.substring(0, end);
        if (PasswordScheme.detect(hash).isEmpty()) {
          throw AdminException.bad(where + ": not a password hash vqpop can verify");
        }
        if (hash.indexOf(' ') >= 0) {
          throw AdminException.bad(where + ": hash contains a space");
        }
        return new ImportAdmin.Entry(user(line.substring(0, colon), where), null, hash);
      };
    }
  }
}
