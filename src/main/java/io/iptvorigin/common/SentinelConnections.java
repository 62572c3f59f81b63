package io.iptvorigin.common;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Connections to whichever Redis the Sentinels currently call master. Jedis's pool follows their
 * {@code +switch-master} announcements and drops connections to a former master; this class opens
 * that pool on first need, so Sentinels that are down at deployment give 503s until they answer
 * instead of failing the deployment, and logs every new master once.
 */
final class SentinelConnections implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SentinelConnections.class.getName());
  // After Sentinels did not answer, callers fail at once for a while: asking again on every
  // request would only add Jedis's warning per Sentinel to each 503.
  private static final long RETRY_NANOS = 1_000_000_000L;

  private final RedisSentinels sentinels;
  private final Supplier<JedisSentinelPool> opener;
  // One caller asks the Sentinels at a time; the others fail at once rather than queue behind it.
  private final ReentrantLock opening = new ReentrantLock();
  private final AtomicReference<HostAndPort> loggedMaster = new AtomicReference<>();
  private volatile JedisSentinelPool pool;
  private volatile long nextAttemptNanos = System.nanoTime();

  SentinelConnections(
      RedisSentinels sentinels,
      JedisPoolConfig poolConfig,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    this.sentinels = sentinels;
    this.opener = () -> open(sentinels, poolConfig, masterConfig, sentinelConfig);
  }

  // JedisSentinelPool is deprecated for RedisSentinelClient, which hands out UnifiedJedis: every
  // caller here works on a Jedis, which only the pool provides.
  @SuppressWarnings("deprecation")
  private static JedisSentinelPool open(
      RedisSentinels sentinels,
      JedisPoolConfig poolConfig,
      JedisClientConfig masterConfig,
      JedisClientConfig sentinelConfig) {
    return new JedisSentinelPool(
        sentinels.masterName(),
        new LinkedHashSet<>(sentinels.addresses()),
        poolConfig,
        masterConfig,
        sentinelConfig);
  }

  /** A pooled connection to the current master; closing it gives it back. */
  Jedis connection() {
    JedisSentinelPool current = pool();
    Jedis jedis = current.getResource();
    logIfNew(current.getCurrentHostMaster());
    return jedis;
  }

  /** The master connections go to, once the Sentinels have named one. */
  Optional<HostAndPort> master() {
    JedisSentinelPool current = pool;
    return current == null ? Optional.empty() : Optional.ofNullable(current.getCurrentHostMaster());
  }

  /** Asks the Sentinels now, so the log says at deployment whether they answer. */
  void tryOpen() {
    try {
      logIfNew(pool().getCurrentHostMaster());
    } catch (JedisException e) {
      LOG.warning(
          "redis sentinels not answering sentinels="
              + sentinels.describe()
              + " master-name="
              + sentinels.masterName()
              + " reason=\""
              + e.getMessage()
              + "\"");
    }
  }

  private JedisSentinelPool pool() {
    JedisSentinelPool current = pool;
    if (current != null) {
      return current;
    }
    if (System.nanoTime() - nextAttemptNanos < 0) {
      throw new JedisConnectionException("the Redis Sentinels named no master a moment ago");
    }
    if (!opening.tryLock()) {
      throw new JedisConnectionException("the Redis master is being looked up at the Sentinels");
    }
    try {
      if (pool == null) {
        pool = opener.get();
      }
      return pool;
    } catch (JedisException e) {
      nextAttemptNanos = System.nanoTime() + RETRY_NANOS;
      if (e instanceof JedisConnectionException) {
        throw e;
      }
      // Sentinels that answer but do not know the master name: no storage either, so a 503 too.
      throw new JedisConnectionException(e.getMessage(), e);
    } finally {
      opening.unlock();
    }
  }

  private void logIfNew(HostAndPort master) {
    HostAndPort before = loggedMaster.get();
    if (master == null || master.equals(before)) {
      return;
    }
    // Of the callers that see the change at once, only the one that records it logs it.
    if (!loggedMaster.compareAndSet(before, master)) {
      return;
    }
    String where = " master-name=" + sentinels.masterName() + " sentinels=" + sentinels.describe();
    if (before == null) {
      LOG.info("redis master=" + master + where);
    } else {
      LOG.warning("redis master switched from=" + before + " to=" + master + where);
    }
  }

  @Override
  public void close() {
    JedisSentinelPool current = pool;
    if (current != null) {
      current.close();
    }
  }
}
