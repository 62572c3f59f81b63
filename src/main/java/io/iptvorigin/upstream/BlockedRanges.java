package io.iptvorigin.upstream;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges no upstream may reach by default, each with the reason word logged when it
 * refuses one, and the IPv6 forms that carry an IPv4 address a gateway would connect to.
 */
final class BlockedRanges {
  private record Range(Cidr cidr, String reason) {}

  private static final List<Range> RANGES =
      List.of(
          range("0.0.0.0/8", "unspecified"), // Linux connects 0.0.0.0 to the local host
          range("10.0.0.0/8", "private"),
          range("100.64.0.0/10", "private"), // carrier-grade NAT shared space
          range("127.0.0.0/8", "loopback"),
          range("169.254.0.0/16", "link-local"), // cloud metadata lives at 169.254.169.254
          range("172.16.0.0/12", "private"),
          range("192.0.0.0/24", "reserved"),
          range("192.168.0.0/16", "private"),
          range("198.18.0.0/15", "reserved"),
          range("224.0.0.0/4", "multicast"),
          range("240.0.0.0/4", "reserved"), // includes the 255.255.255.255 broadcast
          range("::/128", "unspecified"),
          range("::1/128", "loopback"),
          range("fc00::/7", "private"),
          range("fe80::/10", "link-local"),
          range("fec0::/10", "private"), // deprecated site-local, still routed on some networks
          range("ff00::/8", "multicast"));

  private BlockedRanges() {}

  static Optional<String> reason(InetAddress address) {
    for (Range range : RANGES) {
      if (range.cidr().contains(address)) {
        return Optional.of(range.reason());
      }
    }
    return Optional.empty();
  }

  /**
   * The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64
   * (64:ff9b::/96) or 6to4 (2002::/16) address: what the packet finally reaches.
   */
  static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    boolean zeroTo9 = zeros(b, 0, 10);
    boolean mapped = zeroTo9 && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    boolean compatible = zeroTo9 && b[10] == 0 && b[11] == 0;
    boolean nat64 =
        b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zeros(b, 4, 12);
    if (mapped || compatible || nat64) {
      return Optional.of(ipv4(b, 12));
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return Optional.of(ipv4(b, 2));
    }
    return Optional.empty();
  }

  private static boolean zeros(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress ipv4(byte[] bytes, int from) {
    try {
      return InetAddress.getByAddress(
          new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Range range(String cidr, String reason) {
    return new Range(Cidr.parse(cidr), reason);
  }
}
