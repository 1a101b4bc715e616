package org.vqpop.log;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One event log line: {@code event key=value key="a value" ...}, built in one place for every
 * session and delivery line, so that they all quote, mark missing values and guard against log
 * injection the same way.
 *
 * <p>The line is the event's message, as a plain {@code %msg} pattern prints it (and as
 * operators grep it); each key is also attached to the event as an SLF4J key-value pair, for an
 * appender that writes structured records (JSON), with the same text as its value.
 *
 * <p>A value is written as it is when it is non-empty and has no space; otherwise in double
 * quotes. Text a client chose (a user name, an address) or a file name found on disk goes
 * through {@link #printable} ({@link #text}), which leaves no quote, backslash, control
 * character or line break in it, so a quoted value always ends at the next {@code "} and one
 * event is always one line. A missing value is {@code -}. Not thread-safe; one per line.
 */
public final class LogLine {
  /** The most characters of client-chosen text a line keeps: a POP3 command line is at most 255. */
  static final int MAX_TEXT = 256;

  private final String event;
  private final List<String> keys = new ArrayList<>(12);
  private final List<String> values = new ArrayList<>(12);

  private LogLine(String event) {
    this.event = event;
  }

  /** A line for {@code event} ({@code session}, {@code login failed}, {@code lmtp} ...). */
  public static LogLine of(String event) {
    return new LogLine(event);
  }

  /**
   * Adds {@code key=value} for a value the server made (a number, an enum, an address it
   * accepted); {@code null} is written {@code -}.
   */
  public LogLine add(String key, @Nullable Object value) {
    keys.add(key);
    values.add(value == null ? "-" : String.valueOf(value));
    return this;
  }

  /** Adds {@code key=value} for text from outside (a client, a file): through {@link #printable}. */
  public LogLine text(String key, @Nullable String value) {
    keys.add(key);
    values.add(value == null ? "-" : printable(value));
    return this;
  }

  /** Logs the line at INFO, if INFO is on for {@code log}. */
  public void info(Logger log) {
    if (!log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder b = log.atInfo().setMessage(toString());
    for (int i = 0; i < keys.size(); i++) {
      b = b.addKeyValue(keys.get(i), values.get(i));
    }
    b.log();
  }

  /** The line as it is logged. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(event.length() + 24 * keys.size()).append(event);
    for (int i = 0; i < keys.size(); i++) {
      String v = values.get(i);
      b.append(' ').append(keys.get(i)).append('=');
      if (v.isEmpty() || v.indexOf(' ') >= 0) {
        b.append('"').append(v).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }

  /**
   * The one rule for untrusted text in a log line: printable ASCII only, anything else (control
   * characters, line breaks, DEL, non-ASCII, which could also reorder a terminal's text) and the
   * quote and backslash made {@code ?}, at most {@value #MAX_TEXT} characters.
   */
  public static String printable(String s) {
    int n = Math.min(s.length(), MAX_TEXT);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
    }
    return b.toString();
  }
}
