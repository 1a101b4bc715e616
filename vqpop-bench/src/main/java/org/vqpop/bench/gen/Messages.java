package org.vqpop.bench.gen;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic messages: a trace of Received lines, the usual headers, a text part whose lines
 * sometimes start with a dot (one is a lone {@code .}, which must be stuffed on the wire), and
 * above 8 KiB a base64 attachment making up the size. The same random state gives the same bytes.
 */
public final class Messages {
  private Messages() {}

  /** How the stored file ends its lines. */
  public enum Ending {
    /** As qmail and Dovecot's LMTP store mail. */
    LF,
    /** As some importers and Windows tools leave it. */
    CRLF,
    /** CRLF headers and text with LF-only lines in the attachment: bare LFs in a CRLF file. */
    MIXED
  }

  private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be this "
      + "have from or one had by word but not what all were we when your can said there use an each which she do how "
      + "their if will up other about out many then them these so some her would make like him into time has look two "
      + "more write go see number no way could people my than first water been call who oil its now find long down day "
      + "did get come made may part invoice meeting quarterly report attached please regards thanks schedule server "
      + "mailbox delivery password account").split(" ");
  private static final String[] NAMES = {"Alice Martin", "Bob Jansen", "Carol de Vries", "Dmitri Petrov",
      "Eve Nakamura", "Frank Okafor", "Grace Lindqvist", "Hiro Tanaka", "Ines Moreau", "Jan Kowalski"};
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** A message of about {@code size} octets (never much less, at most a line more). */
  public static byte[] message(SplittableRandom r, int size, String rcpt, Ending ending) {
    return message(r, size, rcpt, ending, Instant.ofEpochSecond(1_700_000_000L + r.nextInt(30_000_000)));
  }

  public static byte[] message(SplittableRandom r, int size, String rcpt, Ending ending, Instant date) {
    String from = NAMES[r.nextInt(NAMES.length)];
    String fromAddr = from.toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.net";
    String boundary = "=_" + Long.toHexString(r.nextLong());
    String id = Long.toHexString(r.nextLong()) + "." + Integer.toHexString(r.nextInt());
    boolean multipart = size > 8 * 1024;
    Text h = new Text(ending == Ending.LF ? "\n" : "\r\n");
    h.line("Return-Path: <" + fromAddr + ">");
    h.line("Delivered-To: " + rcpt);
    for (int hop = 0, hops = 1 + r.nextInt(3); hop < hops; hop++) {
      int ip = 1 + r.nextInt(250);
      h.line("Received: from mx" + hop + ".example.net (mx" + hop + ".example.net [192.0.2." + ip + "])");
      h.line("\tby mail.bench.example (Postfix) with ESMTPS id " + Long.toHexString(r.nextLong()).toUpperCase(Locale.ROOT));
      h.line("\tfor <" + rcpt + ">; " + DATE.format(date.minusSeconds(hop)));
    }
    h.line("Date: " + DATE.format(date));
    h.line("From: \"" + from + "\" <" + fromAddr + ">");
    h.line("To: " + rcpt);
    h.line("Subject: " + words(r, 3 + r.nextInt(6)));
    h.line("Message-ID: <" + id + "@example.net>");
    h.line("MIME-Version: 1.0");
    if (multipart) {
      h.line("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"");
      h.line("");
      h.line("This is a multi-part message in MIME format.");
      h.line("");
      h.line("--" + boundary);
    }
    h.line("Content-Type: text/plain; charset=utf-8");
    h.line("Content-Transfer-Encoding: 8bit");
    h.line("");
    int textSize = multipart ? Math.min(size / 4, 4000 + r.nextInt(4000)) : size;
    while (h.length() < textSize) {
      paragraph(r, h);
    }
    if (multipart) {
      String body = ending == Ending.MIXED ? "\n" : h.eol;
      h.line("--" + boundary);
      h.line("Content-Type: application/pdf; name=\"report-" + r.nextInt(1000) + ".pdf\"");
      h.line("Content-Transfer-Encoding: base64");
      h.line("Content-Disposition: attachment");
      h.line("");
      Text a = new Text(body);
      byte[] chunk = new byte[57]; // 76 base64 characters a line
      int left = size - h.length() - boundary.length() - 8;
      while (a.length() < left) {
        r.nextBytes(chunk);
        a.line(Base64.getEncoder().encodeToString(chunk));
      }
      h.sb.append(a.sb);
      h.line("--" + boundary + "--");
    }
    return h.sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void paragraph(SplittableRandom r, Text t) {
    int lines = 1 + r.nextInt(6);
    for (int i = 0; i < lines; i++) {
      int kind = r.nextInt(40);
      if (kind == 0) {
        t.line(".");
      } else if (kind == 1) {
        t.line(".. " + words(r, 5));
      } else if (kind == 2) {
        t.line("." + words(r, 6));
      } else {
        t.line(words(r, 8 + r.nextInt(6)));
      }
    }
    t.line("");
  }

  private static String words(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  private static final class Text {
    final StringBuilder sb = new StringBuilder();
    final String eol;

    Text(String eol) {
      this.eol = eol;
    }

    void line(String s) {
      sb.append(s).append(eol);
    }

    int length() {
      return sb.length();
    }
  }
}
