package org.vqpop.store;

/**
 * One message of a snapshot.
 *
 * @param size the size as RFC 1939 §11 counts it: octets with CRLF line ends, before byte-stuffing
 * @param uidl the unique id, 0x21-0x7E only (RFC 1939 §7), stable across sessions
 */
public record MessageInfo(long size, String uidl) {
  public MessageInfo {
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    if (uidl.isEmpty()) {
      throw new IllegalArgumentException("empty uidl");
    }
    for (int i = 0; i < uidl.length(); i++) {
      char c = uidl.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("uidl has a character outside 0x21-0x7E");
      }
    }
  }
}
