package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisSentinelsTest {
  @Test
  void blankListMeansNoSentinel() {
    assertTrue(RedisSentinels.parse("", "iptv").isEmpty());
    assertTrue(RedisSentinels.parse("  ", "iptv").isEmpty());
    assertTrue(RedisSentinels.parse(null, "iptv").isEmpty());
  }

  @Test
  void listOfHostPortInOrderWithSpacesAroundEntries() {
    RedisSentinels sentinels =
        RedisSentinels.parse("10.0.0.10:26379, redis2.example.com:26380 ,[::1]:26381", " iptv ")
            .orElseThrow();
    assertEquals(
        List.of(
            new HostAndPort("10.0.0.10", 26379),
            new HostAndPort("redis2.example.com", 26380),
            new HostAndPort("::1", 26381)),
        sentinels.addresses());
    assertEquals("iptv", sentinels.masterName());
    assertEquals("10.0.0.10:26379,redis2.example.com:26380,[::1]:26381", sentinels.describe());
  }

  @Test
  void entryWithoutPortIsRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RedisSentinels.parse("10.0.0.10:26379,10.0.0.11", "iptv"));
    assertEquals(
        "iptv.redis.sentinels: '10.0.0.11' is not host:port (a comma-separated list expected)",
        e.getMessage());
  }

  @Test
  void portOutOfRangeIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RedisSentinels.parse("a:0,b:26379", "iptv"));
    assertEquals("iptv.redis.sentinels: 'a:0' has port 0, 1 to 65535 expected", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RedisSentinels.parse("a:65536", "iptv"));
  }

  @Test
  void emptyEntriesUrlsAndBareIpv6AreRefused() {
    for (String list :
        List.of(
            "a:26379,,b:26379",
            "a:26379,",
            "redis://a:26379",
            "::1:26379",
            "a:26379:1",
            "a: 26379",
            "a:port")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RedisSentinels.parse(list, "iptv"));
      assertTrue(
          e.getMessage().startsWith("iptv.redis.sentinels: '"), list + ": " + e.getMessage());
    }
  }

  @Test
  void sameSentinelTwiceIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RedisSentinels.parse("a:26379, a:26379", "iptv"));
    assertEquals("iptv.redis.sentinels names a:26379 twice", e.getMessage());
  }

  @Test
  void masterNameMustBeOneWord() {
    for (String name : new String[] {"", " ", "my master", "iptv/1", null}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RedisSentinels.parse("a:26379", name));
      assertTrue(e.getMessage().startsWith("iptv.redis.master-name is '"), e.getMessage());
    }
  }
}
