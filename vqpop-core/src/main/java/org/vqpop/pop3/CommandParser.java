package org.vqpop.pop3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import org.vqpop.pop3.Pop3Command.Problem;

/** Turns a command line (bytes, without CRLF) into a {@link Pop3Command}. */
final class CommandParser {
  private CommandParser() {}

  /** More digits than this cannot be a message number we have; such a number is "no such message". */
  private static final int MAX_DIGITS = 18;

  static Pop3Command parse(byte[] line) {
    int sp = indexOf(line, (byte) ' ');
    String verb = ascii(line, 0, sp < 0 ? line.length : sp).toUpperCase(Locale.ROOT);
    if (verb.equals("PASS")) {
      // RFC 1939 §7: the password is everything after the one space, spaces included.
      if (sp < 0 || sp + 1 == line.length) {
        return new Pop3Command.Malformed(verb, Problem.MISSING_ARGUMENT);
      }
      return new Pop3Command.Pass(Arrays.copyOfRange(line, sp + 1, line.length));
    }
    String rest = sp < 0 ? "" : new String(line, sp + 1, line.length - sp - 1, StandardCharsets.UTF_8);
    String[] args = split(rest);
    return switch (verb) {
      case "USER" -> args.length == 1 ? new Pop3Command.User(args[0]) : bad(verb, args, 1);
      case "APOP" -> apop(verb, args);
      case "AUTH" -> auth(verb, args);
      case "CAPA" -> args.length == 0 ? new Pop3Command.Capa() : bad(verb, args, 0);
      case "STLS" -> args.length == 0 ? new Pop3Command.Stls() : bad(verb, args, 0);
      case "QUIT" -> args.length == 0 ? new Pop3Command.Quit() : bad(verb, args, 0);
      case "NOOP" -> args.length == 0 ? new Pop3Command.Noop() : bad(verb, args, 0);
      case "STAT" -> args.length == 0 ? new Pop3Command.Stat() : bad(verb, args, 0);
      case "RSET" -> args.length == 0 ? new Pop3Command.Rset() : bad(verb, args, 0);
      case "LIST", "UIDL" -> optionalMsg(verb, args);
      case "RETR", "DELE" -> requiredMsg(verb, args);
      case "TOP" -> top(verb, args);
      default -> new Pop3Command.Unknown(verb);
    };
  }

  private static Pop3Command optionalMsg(String verb, String[] args) {
    if (args.length > 1) {
      return new Pop3Command.Malformed(verb, Problem.TOO_MANY_ARGUMENTS);
    }
    long msg = Pop3Command.ALL;
    if (args.length == 1) {
      msg = number(args[0]);
      if (msg < 0) {
        return new Pop3Command.Malformed(verb, msg == -1 ? Problem.NOT_A_NUMBER : Problem.ZERO);
      }
    }
    return verb.equals("LIST") ? new Pop3Command.List(msg) : new Pop3Command.Uidl(msg);
  }

  private static Pop3Command requiredMsg(String verb, String[] args) {
    if (args.length != 1) {
      return bad(verb, args, 1);
    }
    long msg = number(args[0]);
    if (msg < 0) {
      return new Pop3Command.Malformed(verb, msg == -1 ? Problem.NOT_A_NUMBER : Problem.ZERO);
    }
    return verb.equals("RETR") ? new Pop3Command.Retr(msg) : new Pop3Command.Dele(msg);
  }

  private static Pop3Command top(String verb, String[] args) {
    if (args.length != 2) {
      return bad(verb, args, 2);
    }
    long msg = number(args[0]);
    if (msg < 0) {
      return new Pop3Command.Malformed(verb, msg == -1 ? Problem.NOT_A_NUMBER : Problem.ZERO);
    }
    long lines = args[1].equals("0") ? 0 : number(args[1]);
    if (lines == -1) {
      return new Pop3Command.Malformed(verb, Problem.NOT_A_NUMBER);
    }
    return new Pop3Command.Top(msg, Math.max(lines, 0));
  }

  private static Pop3Command apop(String verb, String[] args) {
    if (args.length != 2) {
      return bad(verb, args, 2);
    }
    String digest = args[1].toLowerCase(Locale.ROOT);
    if (digest.length() != 32 || !digest.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      return new Pop3Command.Malformed(verb, Problem.BAD_DIGEST);
    }
    return new Pop3Command.Apop(args[0], digest);
  }

  private static Pop3Command auth(String verb, String[] args) {
    if (args.length == 0 || args.length > 2) {
      return bad(verb, args, 1);
    }
    String mechanism = args[0].toUpperCase(Locale.ROOT);
    return new Pop3Command.Auth(mechanism, args.length == 2 ? args[1] : null);
  }

  private static Pop3Command bad(String verb, String[] args, int wanted) {
    return new Pop3Command.Malformed(
        verb, args.length < wanted ? Problem.MISSING_ARGUMENT : Problem.TOO_MANY_ARGUMENTS);
  }

  /**
   * A message number: ASCII digits only (no sign, no spaces, no junk). Returns -1 if it is not
   * one, -2 for zero, and {@link Long#MAX_VALUE} for one too long to be a message we have.
   */
  static long number(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    int first = 0; // leading zeros skipped by hand: a regex here cost ~10 us per RETR or DELE
    while (first < s.length() && s.charAt(first) == '0') {
      first++;
    }
    if (first == s.length()) {
      return -2;
    }
    return s.length() - first > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(s, first, s.length(), 10);
  }

  /** Splits on runs of spaces; RFC 1939 asks for single spaces, but leniency costs nothing here. */
  private static String[] split(String rest) {
    ArrayList<String> out = new ArrayList<>(2);
    for (String part : rest.split(" ")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out.toArray(new String[0]);
  }

  private static int indexOf(byte[] line, byte b) {
    for (int i = 0; i < line.length; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] line, int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
