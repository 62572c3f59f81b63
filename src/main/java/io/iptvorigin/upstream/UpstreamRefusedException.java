package io.iptvorigin.upstream;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An upstream host the address policy refuses. The message is a log line naming the host, the
 * refused address and the reason; it never carries a URL, so no credentials or query strings.
 */
public class UpstreamRefusedException extends RuntimeException {
  private final String host;
  private final transient InetAddress address;
  private final String reason;

  public UpstreamRefusedException(String host, InetAddress address, String reason) {
    super(
        "upstream refused host="
            + printable(host)
            + " address="
            + (address == null ? "-" : address.getHostAddress())
            + " reason="
            + reason);
    this.host = host;
    this.address = address;
    this.reason = reason;
  }

  public String host() {
    return host;
  }

  /** The refused address; empty when the host had none at all. */
  public Optional<InetAddress> address() {
    return Optional.ofNullable(address);
  }

  /** One word: loopback, private, link-local, own-address, multicast, reserved, unspecified... */
  public String reason() {
    return reason;
  }

  /** Hosts reach us from request lines: no control characters or spaces in a log line. */
  static String printable(String text) {
    if (text == null || text.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), 256));
    for (int i = 0; i < text.length() && i < 256; i++) {
      char c = text.charAt(i);
      out.append(c > ' ' && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
