package io.iptvorigin.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAddressesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1",
        "127.0.1",
        "2130706433",
        "0177.0.0.1",
        "0177.0.0.01",
        "0x7f000001",
        "0X7F000001",
        "0x7f.1",
        "0x7F.0.0.1",
        "0x7f.0.1",
        "017700000001",
        "127.0.0.1.",
        "0x7f.0x0.0x0.0x1",
        "127.000.000.001",
        "[::ffff:127.0.0.1]",
        "::ffff:127.0.0.1",
        "[::ffff:7f00:1]",
        "[::FFFF:7F00:1]",
        "0:0:0:0:0:ffff:127.0.0.1"
      })
  void everySpellingOfLoopbackIs127001(String host) throws Exception {
    InetAddress address = HostAddresses.literal(host).orElseThrow();
    assertInstanceOf(Inet4Address.class, address);
    assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "[0000::0001]",
        "::0:1",
        "[::1%lo]",
        "::1%25lo"
      })
  void everySpellingOfIpv6LoopbackIsColonColon1(String host) {
    InetAddress address = HostAddresses.literal(host).orElseThrow();
    assertInstanceOf(Inet6Address.class, address);
    assertEquals(ipv6Loopback(), address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.0.0.0", "0.0", "00", "0x0", "0."})
  void zeroSpellingsAreTheUnspecifiedAddress(String host) {
    assertEquals("0.0.0.0", HostAddresses.literal(host).orElseThrow().getHostAddress());
  }

  @Test
  void lastPartFillsTheRemainingBytes() {
    assertEquals("10.0.1.2", HostAddresses.literal("10.258").orElseThrow().getHostAddress());
    assertEquals(
        "10.1.255.255", HostAddresses.literal("10.1.65535").orElseThrow().getHostAddress());
    assertEquals(
        "255.255.255.255", HostAddresses.literal("4294967295").orElseThrow().getHostAddress());
    assertEquals(
        "169.254.169.254", HostAddresses.literal("0xa9fea9fe").orElseThrow().getHostAddress());
  }

  @Test
  void ipv6ZonesAreStrippedAndGapsFilled() {
    assertEquals(
        "fe80:0:0:0:0:0:0:1", HostAddresses.literal("fe80::1%eth0").orElseThrow().getHostAddress());
    assertEquals(
        "1:2:3:4:5:6:7:0", HostAddresses.literal("1:2:3:4:5:6:7::").orElseThrow().getHostAddress());
    assertEquals(
        "0:0:0:0:0:0:102:304", HostAddresses.literal("::1.2.3.4").orElseThrow().getHostAddress());
    assertEquals(
        "64:ff9b:0:0:0:0:a00:1",
        HostAddresses.literal("64:FF9B::10.0.0.1").orElseThrow().getHostAddress());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3.4.5",
        "0x1g",
        "256.0.0.1",
        "1.256.0.1",
        "1.2.65536",
        "1.16777216",
        "4294967296",
        "0x100000000",
        "example.com",
        "08",
        "0189.0.0.1",
        "1..2",
        ".1.2.3",
        "127.0.0.1..",
        "0x",
        "0x.1",
        "-1",
        "+1",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.4\n",
        "\u0661\u0662\u0667.0.0.1",
        "127.0.0.1:80",
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "[::1",
        "::1]",
        "[127.0.0.1]",
        "::12345",
        "::g",
        ":1",
        "1:",
        "::ffff:127.1",
        "::ffff:256.0.0.1",
        "1:2:3:4:5:6:7:1.2.3.4",
        "%eth0",
        "[]",
        "localhost",
        "0177.0.0.1x"
      })
  void junkIsNoLiteral(String host) {
    assertFalse(HostAddresses.literal(host).isPresent(), host);
  }

  @Test
  void resolveGivesTheLiteralWithoutALookup() throws Exception {
    assertEquals(
        List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})),
        HostAddresses.resolve("0x7f000001"));
  }

  @Test
  void resolveNeverTurnsAnEmptyOrBrokenLiteralIntoLoopback() {
    // InetAddress.getAllByName("") would answer the loopback address.
    assertThrows(UnknownHostException.class, () -> HostAddresses.resolve(""));
    assertThrows(UnknownHostException.class, () -> HostAddresses.resolve("[::g]"));
    assertThrows(UnknownHostException.class, () -> HostAddresses.resolve("1::2::3"));
  }

  private static InetAddress ipv6Loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
