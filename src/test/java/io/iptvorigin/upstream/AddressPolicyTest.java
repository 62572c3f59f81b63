package io.iptvorigin.upstream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.InvalidFieldException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
  private static final String PUBLIC = "93.184.216.34";

  private final AddressPolicy defaults = new AddressPolicy(List.of(), Set::of);

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.255.254, loopback",
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "10.1.2.3, private",
    "100.64.0.1, private",
    "169.254.169.254, link-local",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.0.0.8, reserved",
    "192.168.1.1, private",
    "198.18.0.1, reserved",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "240.0.0.1, reserved",
    "255.255.255.255, reserved",
    "::, unspecified",
    "::1, loopback",
    "fc00::1, private",
    "fd00::1, private",
    "fe80::1, link-local",
    "fe80::1%eth0, link-local",
    "fec0::1, private",
    "ff02::1, multicast",
    "::ffff:127.0.0.1, loopback",
    "::127.0.0.1, loopback",
    "64:ff9b::10.0.0.1, private",
    "64:ff9b::a9fe:a9fe, link-local",
    "2002:7f00:1::, loopback",
    "2002:c0a8:101::1, private"
  })
  void defaultsRefuseLocalAndPrivateAddresses(String literal, String reason) {
    assertEquals(Optional.of(reason), defaults.refusal(ip(literal)), literal);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1",
        "0x7f000001",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "127.0.0.1.",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::1]",
        "::1",
        "0",
        "localhost"
      })
  void checkRefusesLoopbackInEverySpelling(String host) {
    UpstreamRefusedException e =
        assertThrows(UpstreamRefusedException.class, () -> defaults.check(host));
    assertTrue(Set.of("loopback", "unspecified").contains(e.reason()), e.getMessage());
    assertTrue(e.getMessage().startsWith("upstream refused host=" + host + " address="));
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "10.1.2.3", "fe80::1", "[fd00::1]", "0xa9fea9fe"})
  void checkRefusesPrivateAndLinkLocal(String host) {
    assertThrows(UpstreamRefusedException.class, () -> defaults.check(host));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {PUBLIC, "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "2002:5db8:d822::1"})
  void publicAddressesAreAllowed(String literal) throws Exception {
    assertEquals(Optional.empty(), defaults.refusal(ip(literal)));
    assertEquals(List.of(ip(literal)), defaults.check(literal));
  }

  @Test
  void anAllowedRangeLetsExactlyItsAddressesThrough() throws Exception {
    AddressPolicy policy = new AddressPolicy(Cidr.parseList("127.0.0.9/32"), Set::of);
    assertEquals(List.of(ip("127.0.0.9")), policy.check("127.0.0.9"));
    assertEquals(Optional.empty(), policy.refusal(ip("::ffff:127.0.0.9")));
    assertEquals(Optional.of("loopback"), policy.refusal(ip("127.0.0.1")));
    assertThrows(UpstreamRefusedException.class, () -> policy.check("127.1"));
  }

  @Test
  void allowedRangesAreReadFromConfiguration() {
    AddressPolicy policy = AddressPolicy.withAllowedRanges("10.20.0.0/16, fd00:1::/32");
    assertEquals(Optional.empty(), policy.refusal(ip("10.20.3.4")));
    assertEquals(Optional.of("private"), policy.refusal(ip("10.21.3.4")));
    assertEquals(Optional.empty(), policy.refusal(ip("fd00:1::5")));
    assertThrows(IllegalArgumentException.class, () -> AddressPolicy.withAllowedRanges("10/8"));
  }

  @Test
  void theNodesOwnAddressesAreRefused() {
    AddressPolicy policy = new AddressPolicy(List.of(), () -> Set.of(ip(PUBLIC)));
    assertEquals(Optional.of("own-address"), policy.refusal(ip(PUBLIC)));
    assertEquals(Optional.empty(), policy.refusal(ip("93.184.216.35")));
    UpstreamRefusedException e =
        assertThrows(UpstreamRefusedException.class, () -> policy.check(PUBLIC));
    assertEquals(
        "upstream refused host=" + PUBLIC + " address=" + PUBLIC + " reason=own-address",
        e.getMessage());
  }

  @Test
  void realInterfaceAddressesIncludeLoopback() {
    assertTrue(new OwnAddresses().get().contains(ip("127.0.0.1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8180/api/internal/start/1",
        "http://user:secret@127.0.0.1/live.m3u8?token=abc",
        "http://0x7f000001/",
        "http://2130706433:8180/",
        "https://127.1/",
        "http://0177.0.0.1/",
        "http://[::1]:8080/x",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://localhost:8180/",
        "http://evil.example\\@127.0.0.1/",
        "http://a@b@127.0.0.1/",
        "http://127.0.0.1.:80/"
      })
  void checkUrlRejectsLocalHostsAsAnInvalidField(String url) {
    InvalidFieldException e =
        assertThrows(InvalidFieldException.class, () -> defaults.checkUrl(url, "source_url"));
    assertTrue(e.getMessage().contains("'source_url'"), e.getMessage());
    assertTrue(e.getMessage().contains("must not point at a loopback, private or link-local"));
    assertFalse(e.getMessage().contains("secret"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://93.184.216.34/live.m3u8",
        "http://user:pw@93.184.216.34:8080/x?y=z",
        "rtmp://[2606:2800:220:1:248:1893:25c8:1946]/app",
        "http://name.invalid/stream", // does not resolve: accepted, checked again at connect
        "not a url",
        ""
      })
  void checkUrlAcceptsPublicAndUnresolvableHosts(String url) {
    assertDoesNotThrow(() -> defaults.checkUrl(url, "source_url"));
  }

  @Test
  void urlHostsFollowBothJavaAndFfmpegParsing() {
    assertEquals(Set.of("127.0.0.1"), UrlHosts.of("http://u:p@127.0.0.1:80/x"));
    assertEquals(Set.of("0x7f000001"), UrlHosts.of("http://u@0x7f000001:80/x"));
    assertEquals(Set.of("[::1]"), UrlHosts.of("http://[::1]:80/"));
    assertEquals(Set.of("example.com"), UrlHosts.of("http://example.com#@127.0.0.1/"));
    assertEquals(Set.of("127.0.0.1"), UrlHosts.of("http://example.com\\@127.0.0.1/"));
    assertEquals(Set.of(), UrlHosts.of("file:///etc/passwd"));
  }

  private static InetAddress ip(String literal) {
    return HostAddresses.literal(literal).orElseThrow(() -> new AssertionError(literal));
  }

  @Test
  void aChannelProxyIsPinnedToItsCheckedAddressAndKeepsItsCredentials() {
    assertEquals(
        "http://u:p@93.184.216.34:3128", defaults.pinnedProxy("http://u:p@93.184.216.34:3128"));
    AddressPolicy allowed = new AddressPolicy(Cidr.parseList("127.0.0.9/32"), Set::of);
    assertEquals("http://127.0.0.9:3128", allowed.pinnedProxy("http://127.0.0.9:3128"));
    org.junit.jupiter.api.Assertions.assertThrows(
        UpstreamRefusedException.class, () -> defaults.pinnedProxy("http://localhost:3128"));
    org.junit.jupiter.api.Assertions.assertThrows(
        UpstreamRefusedException.class, () -> defaults.pinnedProxy("http://2130706433:3128"));
  }
}
