package io.iptvorigin.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A cluster as the cluster inventory deploys it, on loopback: Redis with a replica and three
 * Sentinels ({@link SentinelCluster}), N origin nodes ({@link OriginNode}: each its own WildFly,
 * nginx, HLS directory) using Redis through the Sentinels, the front tier (nginx/front/) in front
 * of them, and a {@link LiveUpstream} their channels pull from. Started once per test class (or
 * bench run) and stopped by PID after it.
 */
public final class OriginCluster implements AutoCloseable {
  private final Path dir;
  private final SentinelCluster redis;
  private final LiveUpstream upstream;
  private final List<OriginNode> nodes;
  private final NginxProcess front;

  private OriginCluster(
      Path dir,
      SentinelCluster redis,
      LiveUpstream upstream,
      List<OriginNode> nodes,
      NginxProcess front) {
    this.dir = dir;
    this.redis = redis;
    this.upstream = upstream;
    this.nodes = nodes;
    this.front = front;
  }

  /**
   * Starts {@code count} nodes under {@code dir} (node-1 ... node-N) with the app settings {@code
   * settings} (environment names) and the front with {@code frontSettings} (scripts/nginx-local's),
   * and returns once every node answers through its nginx.
   */
  public static OriginCluster start(
      Path dir, int count, Map<String, String> settings, Map<String, String> frontSettings) {
    SentinelCluster redis = SentinelCluster.start(dir.resolve("redis"));
    LiveUpstream upstream = null;
    List<OriginNode> nodes = new ArrayList<>();
    try {
      upstream = LiveUpstream.start(0);
      Map<String, String> all = new HashMap<>(redisSettings(redis));
      all.putAll(settings);
      for (int i = 1; i <= count; i++) {
        nodes.add(OriginNode.start("node-" + i, dir.resolve("node-" + i), all));
      }
      awaitAll(nodes);
      NginxProcess front =
          NginxProcess.front(
              dir.getFileName() + "-front",
              nodes.stream().map(OriginNode::address).toList(),
              frontSettings);
      return new OriginCluster(dir, redis, upstream, nodes, front);
    } catch (RuntimeException | Error e) {
      nodes.forEach(OriginNode::close);
      if (upstream != null) {
        upstream.close();
      }
      redis.close();
      throw e;
    }
  }

  /** The app's Redis settings: the Sentinels, and the data nodes' password in the URL. */
  private static Map<String, String> redisSettings(SentinelCluster redis) {
    return Map.of(
        // With Sentinels the URL's address is not used: only its password counts.
        "IPTV_REDIS_URL",
        "redis://default:" + redis.password() + "@127.0.0.1:1",
        "IPTV_REDIS_SENTINELS",
        redis.sentinelList(),
        "IPTV_REDIS_MASTER_NAME",
        SentinelCluster.MASTER_NAME,
        "IPTV_REDIS_SENTINEL_PASSWORD",
        redis.sentinelPassword());
  }

  /** The nodes boot side by side: WildFly's boot is mostly waiting on one core. */
  private static void awaitAll(List<OriginNode> nodes) {
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
    try {
      List<Future<?>> ready = new ArrayList<>();
      for (OriginNode node : nodes) {
        ready.add(pool.submit(node::awaitReady));
      }
      for (Future<?> f : ready) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  public List<OriginNode> nodes() {
    return nodes;
  }

  public OriginNode node(String id) {
    return nodes.stream()
        .filter(n -> n.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  /** The front tier, where players come in. */
  public Edge front() {
    return new Edge(front.baseUrl());
  }

  public NginxProcess frontNginx() {
    return front;
  }

  public SentinelCluster redis() {
    return redis;
  }

  public LiveUpstream upstream() {
    return upstream;
  }

  /** The admin API of the first node still alive, straight. */
  public AdminApi admin() {
    return nodes.stream()
        .filter(OriginNode::alive)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node alive"))
        .admin();
  }

  /** The node whose HLS directory has FFmpeg writing the channel's playlist, if one. */
  public List<OriginNode> runningOn(String channel) {
    return nodes.stream().filter(n -> n.ffmpegCountFor(channel) > 0).toList();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      front.close();
    } finally {
      try {
        nodes.forEach(OriginNode::close);
      } finally {
        try {
          upstream.close();
        } finally {
          redis.close();
        }
      }
    }
  }
}
