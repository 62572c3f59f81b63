package io.iptvorigin.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range: the first {@code prefixLength} bits of {@code address}. Host bits
 * below the prefix are cleared, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}. An IPv4 range only
 * contains IPv4 addresses and an IPv6 range only IPv6 ones; IPv6 forms embedding an IPv4 address
 * are {@link AddressPolicy}'s business.
 */
public record Cidr(byte[] address, int prefixLength) {
  // No leading zeros: inet_aton would read 010 as octal 8.
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

  public Cidr {
    if (address == null || (address.length != 4 && address.length != 16)) {
      throw new IllegalArgumentException("a range needs a 4- or 16-byte address");
    }
    if (prefixLength < 0 || prefixLength > address.length * 8) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range 0-" + address.length * 8);
    }
    address = address.clone();
    for (int bit = prefixLength; bit < address.length * 8; bit++) {
      address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code fd00::/8} or a bare address (a /32 or /128). IPv4 must be
   * dotted-quad decimal here: shorthand such as {@code 10/8} would mean 0.0.0.10 to inet_aton.
   */
  public static Cidr parse(String text) {
    String value = text == null ? "" : text.strip();
    int slash = value.indexOf('/');
    String addressText = slash < 0 ? value : value.substring(0, slash);
    String prefixText = slash < 0 ? null : value.substring(slash + 1);
    boolean ipv6 = addressText.indexOf(':') >= 0;
    if (addressText.indexOf('%') >= 0
        || addressText.indexOf('[') >= 0
        || (!ipv6 && !DOTTED_QUAD.matcher(addressText).matches())
        || (prefixText != null && !PREFIX.matcher(prefixText).matches())) {
      throw invalid(value);
    }
    InetAddress address = HostAddresses.literal(addressText).orElseThrow(() -> invalid(value));
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = prefixText == null ? (ipv6 ? 128 : 32) : Integer.parseInt(prefixText);
    if (ipv6 && bytes.length == 4) {
      // ::ffff:a.b.c.d comes back as IPv4: its prefix counts the 96 mapping bits.
      prefix -= 96;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(
          "invalid range '" + value + "': prefix length must be 0-" + (ipv6 ? 128 : 32));
    }
    return new Cidr(bytes, prefix);
  }

  /** Ranges separated by commas and/or whitespace; blank text is no range. */
  public static List<Cidr> parseList(String text) {
    List<Cidr> ranges = new ArrayList<>();
    if (text != null) {
      for (String item : SEPARATORS.split(text.strip())) {
        if (!item.isEmpty()) {
          ranges.add(parse(item));
        }
      }
    }
    return List.copyOf(ranges);
  }

  public boolean contains(InetAddress candidate) {
    byte[] other = candidate.getAddress();
    if (other.length != address.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (other[i] != address[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    int mask = (0xFF00 >>> rest) & 0xFF;
    return rest == 0 || (other[full] & mask) == (address[full] & 0xFF);
  }

  @Override
  public byte[] address() {
    return address.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && Arrays.equals(address, that.address);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(address) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid range '"
            + text
            + "': expected an address with optional prefix length,"
            + " such as 10.0.0.0/8, 127.0.0.9/32 or fd00::/8");
  }
}
