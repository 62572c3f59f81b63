package io.iptvorigin.common;

import io.iptvorigin.support.ItEnvironment;
import java.util.Optional;

/**
 * The application's {@link Redis} pool without WildFly: on the build's test Redis, for tests of a
 * repository's Lua scripts against the real thing, or through Sentinels (tests of failover). Close
 * it after the test.
 */
public final class TestRedis implements AutoCloseable {
  private final Redis redis = new Redis();

  public TestRedis() {
    this("redis://127.0.0.1:" + ItEnvironment.property("it.redis.port"), Optional.empty(), null);
  }

  private TestRedis(String url, Optional<String> sentinels, String sentinelPassword) {
    redis.url = url;
    redis.timeoutMs = 2000;
    redis.poolSize = 4;
    redis.sentinels = sentinels;
    redis.sentinelPassword = Optional.ofNullable(sentinelPassword);
    redis.open();
  }

  /**
   * The pool as {@code iptv.redis.url} = {@code url} and {@code iptv.redis.sentinels} = {@code
   * sentinels} configure it, master name {@code iptv}.
   */
  public static TestRedis viaSentinels(String url, String sentinels, String sentinelPassword) {
    return new TestRedis(url, Optional.of(sentinels), sentinelPassword);
  }

  public Redis redis() {
    return redis;
  }

  @Override
  public void close() {
    redis.close();
  }
}
