package org.vqpop.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vqpop.cdb.ExternalTools.run;
import static org.vqpop.cdb.ExternalTools.runOk;
import static org.vqpop.cdb.Records.bytes;
import static org.vqpop.cdb.Records.rec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqpop.cdb.Records.Rec;

/**
 * Our files against tinycdb's {@code cdb} and Perl's {@code CDB_File}, both ways, and a
 * byte-for-byte comparison of the files they and we write.
 */
class CdbInteropTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Prints every record as "keyhex valuehex" in file order (CDB_File iterates duplicates too). */
  private static final String PERL_DUMP = """
      use CDB_File;
      tie my %h, 'CDB_File', $ARGV[0] or die "tie $ARGV[0]: $!";
      while (my ($k, $v) = each %h) { print unpack('H*', $k), ' ', unpack('H*', $v), "\\n" }
      """;

  /** For each hex key on stdin prints "count hex hex ..." from multi_get, values in file order. */
  private static final String PERL_MULTI_GET = """
      use CDB_File;
      my $db = tie my %h, 'CDB_File', $ARGV[0] or die "tie $ARGV[0]: $!";
      while (my $line = <STDIN>) {
        chomp $line;
        my $r = $db->multi_get(pack 'H*', $line);
        print scalar(@$r), map({ ' ' . unpack('H*', $_) } @$r), "\\n";
      }
      """;

  /** Builds ARGV[0] from "keyhex valuehex" lines on stdin, in order. */
  private static final String PERL_MAKE = """
      use CDB_File;
      my $t = CDB_File->new($ARGV[0], "$ARGV[0].perltmp") or die "create $ARGV[0]: $!";
      while (my $line = <STDIN>) {
        chomp $line;
        my ($k, $v) = split / /, $line, -1;
        $t->insert(pack('H*', $k), pack('H*', $v));
      }
      $t->finish or die "finish: $!";
      """;

  @TempDir Path dir;

  /** Text, binary, empty and duplicate keys, and enough records to fill many tables. */
  private static List<Rec> mixed() {
    List<Rec> recs = new ArrayList<>();
    recs.add(rec("alice@example.org", "$6$salt$hash:1001:1001:/home/alice"));
    recs.add(rec("dup", "first"));
    recs.add(rec("", "empty key"));
    recs.add(rec("novalue", ""));
    recs.add(new Rec(new byte[] {0, (byte) 0xff, '\n', 0}, new byte[] {(byte) 0xff, 0, '-', '>'}));
    recs.add(rec("dup", "second"));
    recs.addAll(Records.random(11, 2000));
    recs.add(rec("dup", "third"));
    return recs;
  }

  @Test
  void tinycdbReadsOurFile() throws IOException {
    ExternalTools.requireTinycdb();
    List<Rec> recs = mixed();
    Path file = Records.write(dir.resolve("ours.cdb"), recs);

    // cdb -d dumps in cdbmake format, records in file order.
    assertThat(runOk(List.of("cdb", "-d", file.toString()), new byte[0]))
        .isEqualTo(Records.cdbmakeFormat(recs));

    assertThat(runOk(List.of("cdb", "-q", file.toString(), "alice@example.org"), new byte[0]))
        .isEqualTo(bytes("$6$salt$hash:1001:1001:/home/alice"));
    // All values of a key, in order, as cdb_findnext returns them; -n picks the n-th.
    assertThat(runOk(List.of("cdb", "-q", "-m", file.toString(), "dup"), new byte[0]))
        .isEqualTo(bytes("first\nsecond\nthird\n"));
    assertThat(runOk(List.of("cdb", "-q", "-n", "2", file.toString(), "dup"), new byte[0]))
        .isEqualTo(bytes("second"));
    assertThat(run(List.of("cdb", "-q", file.toString(), "absent"), new byte[0]).exit())
        .isNotZero();
  }

  @Test
  void perlCdbFileReadsOurFile() throws IOException {
    ExternalTools.requirePerlCdbFile();
    List<Rec> recs = mixed();
    Path file = Records.write(dir.resolve("ours.cdb"), recs);

    List<Rec> dumped = new ArrayList<>();
    for (String line : lines(runOk(List.of("perl", "-e", PERL_DUMP, file.toString()), new byte[0]))) {
      String[] kv = line.split(" ", -1);
      dumped.add(new Rec(HEX.parseHex(kv[0]), HEX.parseHex(kv[1])));
    }
    assertThat(dumped).containsExactlyElementsOf(recs);

    List<byte[]> keys = List.of(bytes("dup"), bytes(""), bytes("novalue"),
        new byte[] {0, (byte) 0xff, '\n', 0}, bytes("absent"), recs.get(100).key());
    List<String> got = multiGet(file, keys);
    assertThat(got).containsExactly(
        "3 " + hex("first") + " " + hex("second") + " " + hex("third"),
        "1 " + hex("empty key"),
        "1 ",
        "1 " + HEX.formatHex(new byte[] {(byte) 0xff, 0, '-', '>'}),
        "0",
        "1 " + HEX.formatHex(recs.get(100).value()));
  }

  @Test
  void weReadTinycdbsFile() throws IOException {
    ExternalTools.requireTinycdb();
    List<Rec> recs = mixed();
    Path file = dir.resolve("tiny.cdb");
    runOk(List.of("cdb", "-c", file.toString()), Records.cdbmakeFormat(recs));
    assertReadsBack(file, recs);
  }

  @Test
  void weReadPerlCdbFilesFile() throws IOException {
    ExternalTools.requirePerlCdbFile();
    List<Rec> recs = mixed();
    Path file = dir.resolve("perl.cdb");
    runOk(List.of("perl", "-e", PERL_MAKE, file.toString()), hexLines(recs));
    assertReadsBack(file, recs);
  }

  /**
   * cdbmake's layout is fixed by the insertion order: records in order, then tables 0..255 each
   * with 2 * entries slots filled in insertion order by linear probing, and an empty table's
   * header entry holding the current position. tinycdb and CDB_File (djb's cdb_make code) follow
   * it, so the files must be identical, byte for byte.
   */
  @Test
  void byteIdenticalToTinycdb() throws IOException {
    ExternalTools.requireTinycdb();
    for (List<Rec> recs : goldenInputs()) {
      Path ours = Records.write(dir.resolve("ours.cdb"), recs);
      Path theirs = dir.resolve("tiny.cdb");
      runOk(List.of("cdb", "-c", theirs.toString()), Records.cdbmakeFormat(recs));
      assertThat(Files.readAllBytes(ours)).as("%d records", recs.size())
          .isEqualTo(Files.readAllBytes(theirs));
    }
  }

  @Test
  void byteIdenticalToPerlCdbFile() throws IOException {
    ExternalTools.requirePerlCdbFile();
    for (List<Rec> recs : goldenInputs()) {
      Path ours = Records.write(dir.resolve("ours.cdb"), recs);
      Path theirs = dir.resolve("perl.cdb");
      runOk(List.of("perl", "-e", PERL_MAKE, theirs.toString()), hexLines(recs));
      assertThat(Files.readAllBytes(ours)).as("%d records", recs.size())
          .isEqualTo(Files.readAllBytes(theirs));
    }
  }

  private static List<List<Rec>> goldenInputs() {
    List<Rec> small = List.of(rec("one", "1"), rec("two", "2"), rec("three", "3"),
        rec("two", "2 again"), rec("", ""), rec("four", "4"));
    return List.of(List.of(), small, mixed());
  }

  private void assertReadsBack(Path file, List<Rec> recs) throws IOException {
    try (CdbReader r = CdbReader.open(file)) {
      assertThat(Records.readAll(r)).containsExactlyElementsOf(recs);
      assertThat(r.getAll(bytes("dup")))
          .containsExactly(bytes("first"), bytes("second"), bytes("third"));
      assertThat(r.get(new byte[0])).isEqualTo(bytes("empty key"));
      assertThat(r.get(bytes("absent"))).isNull();
      for (Rec rec : recs.subList(6, recs.size() - 1)) {
        assertThat(r.get(rec.key())).isEqualTo(rec.value());
      }
    }
  }

  private static List<String> multiGet(Path file, List<byte[]> keys) throws IOException {
    StringBuilder in = new StringBuilder();
    for (byte[] k : keys) {
      in.append(HEX.formatHex(k)).append('\n');
    }
    return lines(runOk(List.of("perl", "-e", PERL_MULTI_GET, file.toString()),
        in.toString().getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] hexLines(List<Rec> recs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Rec r : recs) {
      out.writeBytes(bytes(HEX.formatHex(r.key()) + " " + HEX.formatHex(r.value()) + "\n"));
    }
    return out.toByteArray();
  }

  private static List<String> lines(byte[] out) {
    // Every line ends in a newline, so the last piece after splitting is always empty.
    List<String> pieces = List.of(new String(out, StandardCharsets.US_ASCII).split("\n", -1));
    return pieces.subList(0, pieces.size() - 1);
  }

  private static String hex(String s) {
    return HEX.formatHex(bytes(s));
  }
}
