package org.vqpop.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, as {@code hostname(1)} prints it; {@code localhost} if it has none. */
public final class SystemHostName {
  private SystemHostName() {}

  public static String get() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      return h.isBlank() ? "localhost" : h;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
