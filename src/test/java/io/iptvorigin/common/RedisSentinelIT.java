package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.channel.ChannelFixtures;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.SentinelCluster;
import io.iptvorigin.user.User;
import io.iptvorigin.user.UserFixtures;
import io.iptvorigin.user.UserRepository;
import io.iptvorigin.user.Username;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The application's Redis pool through Sentinel (issue 16), without WildFly: real redis-server
 * master and replica and three redis-sentinel processes ({@link SentinelCluster}). The master is
 * killed with SIGKILL under the pool: every call meanwhile fails fast as an outage (a 503, never a
 * hang or a 500), calls succeed again on the promoted replica within 30 s, and every user and
 * channel written before, acknowledged by the replica too, is there.
 */
class RedisSentinelIT {
  private static final int USERS = 50;
  private static final int CHANNELS = 20;
  private static final long RECOVERY_LIMIT_MILLIS = 30_000;
  private static final long CALL_LIMIT_MILLIS = 3_000;

  private static SentinelCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        SentinelCluster.start(ItEnvironment.workDir().resolve(ItEnvironment.unique("sentinel")));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void masterKilledCallsFailFastThenTheReplicaServesEveryAcknowledgedUserAndChannel()
      throws Exception {
    // The URL's address leads nowhere: with Sentinels, only its password counts.
    String url = "redis://default:" + cluster.password() + "@127.0.0.1:" + closedPort();
    try (TestRedis connection =
        TestRedis.viaSentinels(url, cluster.sentinelList(), cluster.sentinelPassword())) {
      Redis redis = connection.redis();
      UserRepository users = UserFixtures.repositoryOn(redis);
      ChannelRepository channels = ChannelFixtures.repositoryOn(redis);
      List<User> written = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        User user = UserFixtures.user("sentinel-user-" + i, ItEnvironment.newToken());
        assertEquals(UserRepository.Write.OK, users.create(user));
        written.add(user);
      }
      for (int i = 0; i < CHANNELS; i++) {
        assertEquals(
            ChannelRepository.Write.OK,
            channels.create(ChannelFixtures.channel("sentinel" + i, "S " + i, "News", 1, i, true)));
      }
      assertEquals("127.0.0.1:" + cluster.masterPort(), redis.sentinelMaster().orElseThrow());
      // Replication is asynchronous: what the replica acknowledged is what a failover keeps.
      long replicas = redis.call(j -> j.waitReplicas(1, 5000));
      assertEquals(1L, replicas);

      cluster.killMaster();
      long killed = System.nanoTime();
      int failedCalls = 0;
      long slowestMillis = 0;
      while (true) {
        long start = System.nanoTime();
        try {
          // A write: only a master takes it, so success means the pool follows the new one.
          redis.call(j -> j.set("sentinel-it:probe", "after failover"));
          break;
        } catch (JedisException e) {
          assertTrue(RedisOutage.explains(e), () -> "a failure that is no outage (a 500): " + e);
          failedCalls++;
        } finally {
          slowestMillis = Math.max(slowestMillis, millisSince(start));
        }
        assertTrue(
            millisSince(killed) < RECOVERY_LIMIT_MILLIS,
            "no write accepted within " + RECOVERY_LIMIT_MILLIS + " ms of the master's death");
        Thread.sleep(100);
      }
      long recoveredMillis = millisSince(killed);
      System.out.printf(
          "RedisSentinelIT: master killed, writes accepted again after %d ms; %d calls failed"
              + " meanwhile, the slowest call took %d ms%n",
          recoveredMillis, failedCalls, slowestMillis);

      assertTrue(failedCalls > 0, "the first call after SIGKILL cannot have reached a master");
      assertTrue(
          slowestMillis < CALL_LIMIT_MILLIS,
          "a call took " + slowestMillis + " ms during the failover");
      assertEquals("127.0.0.1:" + cluster.replicaPort(), redis.sentinelMaster().orElseThrow());

      for (User user : written) {
        assertEquals(
            user.token(),
            users.find(new Username(user.username())).orElseThrow().user().token(),
            user.username());
      }
      for (int i = 0; i < CHANNELS; i++) {
        assertTrue(channels.find(new ChannelId("sentinel" + i)).isPresent(), "channel " + i);
      }
      assertEquals((long) CHANNELS, channels.count());
      // The promoted replica takes the application's writes, scripts included.
      assertEquals(
          UserRepository.Write.OK,
          users.create(UserFixtures.user("sentinel-after", ItEnvironment.newToken())));
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
