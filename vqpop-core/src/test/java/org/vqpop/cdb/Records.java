package org.vqpop.cdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.vqpop.fs.FileOwner;

/** Test records and the small helpers that write and read them. */
final class Records {
  private Records() {}

  static final Set<PosixFilePermission> MODE_644 = PosixFilePermissions.fromString("rw-r--r--");

  /** One record; arrays compared by content. */
  record Rec(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rec r && java.util.Arrays.equals(key, r.key)
          && java.util.Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(key) * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Rec[" + java.util.HexFormat.of().formatHex(key) + " -> "
          + java.util.HexFormat.of().formatHex(value) + "]";
    }
  }

  static Rec rec(String key, String value) {
    return new Rec(bytes(key), bytes(value));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code n} records with distinct keys and random binary values. A key is a base-36 counter,
   * a colon and random bytes; the first colon ends the counter, so keys never repeat, and no key
   * starts with '~'.
   */
  static List<Rec> random(long seed, int n) {
    Random rnd = new Random(seed);
    List<Rec> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] suffix = new byte[rnd.nextInt(12)];
      rnd.nextBytes(suffix);
      byte[] key = concat(bytes(Integer.toString(i, 36) + ":"), suffix);
      byte[] value = new byte[rnd.nextInt(200)];
      rnd.nextBytes(value);
      out.add(new Rec(key, value));
    }
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Writes {@code records} in order to {@code target} and commits. */
  static Path write(Path target, List<Rec> records) throws IOException {
    try (CdbWriter w = CdbWriter.create(target, MODE_644, FileOwner.current())) {
      for (Rec r : records) {
        w.add(r.key(), r.value());
      }
      w.commit();
    }
    return target;
  }

  /** Every record of {@code reader} in file order. */
  static List<Rec> readAll(CdbReader reader) throws IOException {
    List<Rec> out = new ArrayList<>();
    reader.forEach((k, v) -> out.add(new Rec(k, v)));
    return out;
  }

  /** The records in cdbmake's input format, which {@code cdb -c} reads and {@code cdb -d} writes. */
  static byte[] cdbmakeFormat(List<Rec> records) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Rec r : records) {
      out.writeBytes(bytes("+" + r.key().length + "," + r.value().length + ":"));
      out.writeBytes(r.key());
      out.writeBytes(bytes("->"));
      out.writeBytes(r.value());
      out.write('\n');
    }
    out.write('\n');
    return out.toByteArray();
  }
}
