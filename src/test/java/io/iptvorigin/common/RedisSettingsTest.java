package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** How {@link Redis} reads its settings; no Redis runs here (a closed loopback port at most). */
class RedisSettingsTest {
  @Test
  void badSentinelListRefusesToOpen() {
    Redis redis = redis(Optional.of("127.0.0.1:26379,127.0.0.1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, redis::open);
    assertEquals(
        "iptv.redis.sentinels: '127.0.0.1' is not host:port (a comma-separated list expected)",
        e.getMessage());
  }

  @Test
  void sentinelsThatDoNotAnswerLetItOpenAndEveryCallFailsFastAsAnOutage() throws IOException {
    Redis redis = redis(Optional.of("127.0.0.1:" + closedPort() + ",127.0.0.1:" + closedPort()));
    redis.open();
    try {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        JedisConnectionException e =
            assertThrows(JedisConnectionException.class, () -> redis.call(j -> j.ping()));
        assertTrue(RedisOutage.explains(e));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "took " + millis + " ms");
      }
      assertTrue(redis.sentinelMaster().isEmpty());
    } finally {
      redis.close();
    }
  }

  @Test
  void withoutSentinelsNoMasterIsReported() {
    Redis redis = redis(Optional.empty());
    redis.open();
    try {
      assertTrue(redis.sentinelMaster().isEmpty());
    } finally {
      redis.close();
    }
  }

  private static Redis redis(Optional<String> sentinels) {
    Redis redis = new Redis();
    redis.url = "redis://default:secret@127.0.0.1:6379/0";
    redis.timeoutMs = 500;
    redis.poolSize = 2;
    redis.sentinels = sentinels;
    return redis;
  }

  /** A loopback port nothing listens on: connecting there is refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
