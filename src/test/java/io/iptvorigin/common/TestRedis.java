package io.iptvorigin.common;

import io.iptvorigin.support.ItEnvironment;

/**
 * The application's {@link Redis} pool on the build's test Redis, without WildFly: for tests of a
 * repository's Lua scripts against the real thing. Close it after the test.
 */
public final class TestRedis implements AutoCloseable {
  private final Redis redis = new Redis();

  public TestRedis() {
    redis.url = "redis://127.0.0.1:" + ItEnvironment.property("it.redis.port");
    redis.timeoutMs = 2000;
    redis.poolSize = 4;
    redis.open();
  }

  public Redis redis() {
    return redis;
  }

  @Override
  public void close() {
    redis.close();
  }
}
