package io.iptvorigin.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a host the way FFmpeg's resolver (glibc getaddrinfo, which falls back to inet_aton) reads
 * it, so the policy judges the address FFmpeg would actually connect to. IPv4 literals may have 1-4
 * parts, each decimal, octal (leading 0) or hex (0x), with inet_aton's rule that the last part
 * fills the remaining bytes; one trailing dot is tolerated. IPv6 literals may be bracketed; a zone
 * id ({@code %eth0}) is stripped, because a zone only picks an interface and never makes an address
 * less local, and stripping keeps such a host from falling through to a name lookup.
 */
public final class HostAddresses {
  private static final long MAX_IPV4 = 0xFFFFFFFFL;
  private static final Pattern DECIMAL_OCTET = Pattern.compile("[0-9]{1,3}"); // ASCII digits only

  private HostAddresses() {}

  /** The IP literal {@code host} spells, if it is one; never does a DNS lookup. */
  public static Optional<InetAddress> literal(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes;
    if (host.charAt(0) == '[') {
      bytes = host.endsWith("]") ? ipv6(host.substring(1, host.length() - 1)) : null;
    } else if (host.indexOf(':') >= 0) {
      bytes = ipv6(host);
    } else {
      bytes = ipv4(host);
    }
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      // getByAddress never resolves; it turns ::ffff:a.b.c.d into an Inet4Address.
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + bytes.length + " bytes", e);
    }
  }

  /** The literal if {@code host} is one, else every address DNS (or /etc/hosts) gives for it. */
  public static List<InetAddress> resolve(String host) throws UnknownHostException {
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return List.of(literal.get());
    }
    // getAllByName("") answers the loopback address; brackets or colons that are not a valid
    // IPv6 literal are nothing a resolver should be asked about.
    if (host == null || host.isEmpty() || host.indexOf('[') >= 0 || host.indexOf(':') >= 0) {
      throw new UnknownHostException("not a host name or IP literal");
    }
    return List.of(InetAddress.getAllByName(host));
  }

  private static byte[] ipv4(String text) {
    String body = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    String[] parts = body.split("\\.", -1);
    if (body.isEmpty() || parts.length > 4) {
      return null;
    }
    long address = 0;
    for (int i = 0; i < parts.length; i++) {
      long value = ipv4Part(parts[i]);
      boolean last = i == parts.length - 1;
      long max = last ? MAX_IPV4 >>> (8 * i) : 0xFF;
      if (value < 0 || value > max) {
        return null;
      }
      address |= last ? value : value << (24 - 8 * i);
    }
    return new byte[] {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
  }

  /** One inet_aton part (strtoul base 0), or -1 when it is not a number or exceeds 32 bits. */
  private static long ipv4Part(String part) {
    int radix = 10;
    int start = 0;
    if (part.length() > 1 && part.charAt(0) == '0') {
      boolean hex = part.charAt(1) == 'x' || part.charAt(1) == 'X';
      radix = hex ? 16 : 8;
      start = hex ? 2 : 1;
    }
    if (start >= part.length()) {
      return -1; // "" or a bare "0x"
    }
    long value = 0;
    for (int i = start; i < part.length(); i++) {
      int digit = hexDigit(part.charAt(i));
      if (digit < 0 || digit >= radix) {
        return -1;
      }
      value = value * radix + digit;
      if (value > MAX_IPV4) {
        return -1;
      }
    }
    return value;
  }

  private static byte[] ipv6(String text) {
    int zone = text.indexOf('%');
    String body = zone >= 0 ? text.substring(0, zone) : text;
    int lastColon = body.lastIndexOf(':');
    if (lastColon < 0 || body.length() > 45) {
      return null;
    }
    byte[] embedded = null;
    if (body.indexOf('.', lastColon) >= 0) {
      embedded = dottedQuad(body.substring(lastColon + 1));
      if (embedded == null) {
        return null;
      }
      body = body.substring(0, lastColon + 1) + "0:0"; // two groups, overwritten below
    }
    int gap = body.indexOf("::");
    if (gap >= 0 && body.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap >= 0 ? body.substring(0, gap) : body);
    int[] tail = groups(gap >= 0 ? body.substring(gap + 2) : "");
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap >= 0 ? count > 7 : count != 8) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.length; i++) {
      bytes[2 * i] = (byte) (head[i] >>> 8);
      bytes[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int at = 16 - 2 * (tail.length - i);
      bytes[at] = (byte) (tail[i] >>> 8);
      bytes[at + 1] = (byte) tail[i];
    }
    if (embedded != null) {
      System.arraycopy(embedded, 0, bytes, 12, 4);
    }
    return bytes;
  }

  /** Colon-separated groups of 1-4 hex digits; an empty string is no group. */
  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      for (int j = 0; j < part.length(); j++) {
        int digit = hexDigit(part.charAt(j));
        if (digit < 0) {
          return null;
        }
        values[i] = values[i] * 16 + digit;
      }
    }
    return values;
  }

  /** The strict a.b.c.d form inet_pton allows inside an IPv6 literal. */
  static byte[] dottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!DECIMAL_OCTET.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }

  /** ASCII only: Character.digit would also take Arabic-Indic or full-width digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
