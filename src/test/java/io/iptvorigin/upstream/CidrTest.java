package io.iptvorigin.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @Test
  void ipv4RangeContainsItsAddressesOnly() {
    Cidr range = Cidr.parse("10.0.0.0/8");
    assertTrue(range.contains(ip("10.0.0.0")));
    assertTrue(range.contains(ip("10.255.255.255")));
    assertFalse(range.contains(ip("11.0.0.0")));
    assertFalse(range.contains(ip("9.255.255.255")));
  }

  @Test
  void prefixesThatAreNotAByteBoundaryCompareTheirBits() {
    Cidr range = Cidr.parse("172.16.0.0/12");
    assertTrue(range.contains(ip("172.31.255.255")));
    assertFalse(range.contains(ip("172.32.0.0")));
    assertFalse(range.contains(ip("172.15.255.255")));
    Cidr cgnat = Cidr.parse("100.64.0.0/10");
    assertTrue(cgnat.contains(ip("100.127.0.1")));
    assertFalse(cgnat.contains(ip("100.128.0.1")));
  }

  @Test
  void singleAddressRanges() {
    Cidr host = Cidr.parse("127.0.0.9/32");
    assertTrue(host.contains(ip("127.0.0.9")));
    assertFalse(host.contains(ip("127.0.0.1")));
    assertEquals(host, Cidr.parse("127.0.0.9"));
    assertEquals(Cidr.parse("fd00::1/128"), Cidr.parse("fd00::1"));
  }

  @Test
  void ipv6Ranges() {
    Cidr range = Cidr.parse("fd00::/8");
    assertTrue(range.contains(ip("fd12:3456::1")));
    assertFalse(range.contains(ip("fc00::1")));
    assertTrue(Cidr.parse("fe80::/10").contains(ip("febf::1")));
    assertFalse(Cidr.parse("fe80::/10").contains(ip("fec0::1")));
    assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
  }

  @Test
  void familiesNeverMix() {
    assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
    assertFalse(Cidr.parse("::/0").contains(ip("127.0.0.1")));
  }

  @Test
  void hostBitsAreCleared() {
    Cidr range = Cidr.parse("10.1.2.3/8");
    assertEquals(Cidr.parse("10.0.0.0/8"), range);
    assertEquals("10.0.0.0/8", range.toString());
  }

  @Test
  void ipv4MappedRangesBecomeIpv4() {
    assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("::ffff:10.0.0.0/104"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::ffff:10.0.0.0/64"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "10/8",
        "10.0.0.0/33",
        "fd00::/129",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/8/8",
        "example.com/8",
        "0x0a000000/8",
        "010.0.0.0/8",
        "10.0.0.256/32",
        "fe80::1%eth0/64",
        "[fd00::]/8",
        "/8",
        "10.0.0.0/ 8"
      })
  void malformedRangesAreRejectedWithAClearMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertTrue(e.getMessage().startsWith("invalid range '"), e.getMessage());
  }

  @Test
  void listsAreCommaOrSpaceSeparated() {
    assertEquals(
        List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("127.0.0.9/32")),
        Cidr.parseList(" 10.0.0.0/8, fd00::/8  127.0.0.9/32 ,"));
    assertEquals(List.of(), Cidr.parseList("  "));
    assertEquals(List.of(), Cidr.parseList(null));
  }

  @Test
  void addressIsACopy() {
    Cidr range = Cidr.parse("10.0.0.0/8");
    range.address()[0] = 11;
    assertTrue(range.contains(ip("10.0.0.1")));
  }

  private static InetAddress ip(String literal) {
    return HostAddresses.literal(literal).orElseThrow();
  }
}
