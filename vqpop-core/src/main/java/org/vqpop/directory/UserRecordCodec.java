package org.vqpop.directory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vqpop.address.UserName;

/**
 * The value of a user's record in {@code poppasswd.cdb}, keyed by the user name: fields joined by
 * NUL, the first being the format version.
 *
 * <pre>1 \0 password-hash \0 apop-secret \0 home \0 quota-bytes \0 quota-messages \0 flags</pre>
 *
 * <p>The home is absolute, so a reader needs nothing but the cdb. Readers ignore fields after the
 * ones they know, so later versions can add fields at the end.
 */
public final class UserRecordCodec {
  private UserRecordCodec() {}

  static final String VERSION = "1";

  /** A decoded record: the user and the home stored with it. */
  public record Entry(PopUser user, Path home) {}

  public static byte[] key(UserName name) {
    return name.name().getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] encode(PopUser u, Path home) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(192);
    field(out, VERSION);
    field(out, u.passwordHash());
    field(out, u.apopSecret());
    field(out, home.toString());
    field(out, u.quotaBytes() > 0 ? Long.toString(u.quotaBytes()) : "");
    field(out, u.quotaMessages() > 0 ? Long.toString(u.quotaMessages()) : "");
    byte[] flags = String.join(",", u.flags()).getBytes(StandardCharsets.UTF_8);
    out.write(flags, 0, flags.length);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    out.write(0);
  }

  /** Decodes a record; IllegalArgumentException, with the reason, for one that is not ours. */
  public static Entry decode(byte[] key, byte[] value) {
    List<String> f = new ArrayList<>(7);
    int start = 0;
    for (int i = 0; i <= value.length; i++) {
      if (i == value.length || value[i] == 0) {
        f.add(new String(value, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (f.size() < 7 || !f.get(0).equals(VERSION)) {
      throw new IllegalArgumentException("not a version " + VERSION + " user record");
    }
    PopUser u = new PopUser(
        UserName.of(new String(key, StandardCharsets.US_ASCII)),
        f.get(1),
        f.get(2),
        f.get(4).isEmpty() ? 0 : Long.parseLong(f.get(4)),
        f.get(5).isEmpty() ? 0 : Long.parseLong(f.get(5)),
        f.get(6).isEmpty() ? List.of() : List.of(f.get(6).split(",")));
    return new Entry(u, Path.of(f.get(3)));
  }
}
