package org.vqpop.delivery;

/**
 * The outcome of one step of a delivery, as SMTP and LMTP report it: a reply code, an RFC 3463
 * enhanced status code and a text for the client.
 */
public record Status(int code, String enhanced, String text) {

  public static Status ok(String text) {
    return new Status(250, "2.0.0", text);
  }

  /** Whether the code is 2xx. */
  public boolean success() {
    return code / 100 == 2;
  }

  /** Whether the code is 5xx: the sender must not try again. */
  public boolean permanent() {
    return code / 100 == 5;
  }

  /** Whether the code is 4xx: the sender should try again later. */
  public boolean temporary() {
    return code / 100 == 4;
  }

  /**
   * The reply line without its CRLF: {@code 250 2.0.0 text}, or {@code 220 text} when {@code
   * enhanced} is empty (RFC 2034 §3: the greeting and the reply to EHLO/LHLO carry none).
   */
  public String line() {
    return enhanced.isEmpty() ? code + " " + text : code + " " + enhanced + " " + text;
  }

  @Override
  public String toString() {
    return line();
  }
}
