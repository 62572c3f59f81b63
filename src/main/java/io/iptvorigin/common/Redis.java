package io.iptvorigin.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The application's Redis connection pool: to {@code iptv.redis.url}, or, with {@code
 * iptv.redis.sentinels} set, to whichever Redis the Sentinels call master (the URL then gives only
 * the password and database). Timeouts are short on purpose: a Redis that does not answer, or a
 * master that just died and is not replaced yet, must turn into a quick 503, never a request thread
 * hanging behind it.
 */
@ApplicationScoped
public class Redis {
  private static final Logger LOG = Logger.getLogger(Redis.class.getName());

  @Inject
  @ConfigProperty(name = "iptv.redis.url", defaultValue = "redis://127.0.0.1:6379")
  String url;

  @Inject
  @ConfigProperty(name = "iptv.redis.timeout-ms", defaultValue = "2000")
  int timeoutMs;

  @Inject
  @ConfigProperty(name = "iptv.redis.pool-size", defaultValue = "64")
  int poolSize;

  @Inject
  @ConfigProperty(name = RedisSentinels.SENTINELS_KEY)
  Optional<String> sentinels = Optional.empty();

  @Inject
  @ConfigProperty(name = RedisSentinels.MASTER_NAME_KEY, defaultValue = "iptv")
  String masterName = "iptv";

  @Inject
  @ConfigProperty(name = "iptv.redis.sentinel-password")
  Optional<String> sentinelPassword = Optional.empty();

  /** Absent in unit tests that build a Redis by hand: no meters then. */
  @Inject Metrics metrics;

  private JedisPool pool;
  private SentinelConnections sentinelConnections;
  private Timer commandTime;
  private Counter errors;

  @PostConstruct
  void open() {
    MeterRegistry registry = metrics == null ? new SimpleMeterRegistry() : metrics.registry();
    commandTime =
        Timer.builder("iptv.redis.command")
            .description("One Redis call on a pooled connection (a command, pipeline or script)")
            .serviceLevelObjectives(
                java.util.stream.DoubleStream.of(
                        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
                    .mapToObj(s -> java.time.Duration.ofNanos((long) (s * 1e9)))
                    .toArray(java.time.Duration[]::new))
            .register(registry);
    errors =
        Counter.builder("iptv.redis.errors")
            .description("Redis calls that failed: no connection, a time-out, an error reply")
            .register(registry);
    URI uri = URI.create(url);
    JedisPoolConfig config = poolConfig();
    Optional<RedisSentinels> viaSentinels = RedisSentinels.parse(sentinels.orElse(""), masterName);
    if (viaSentinels.isEmpty()) {
      pool = new JedisPool(config, uri, timeoutMs);
      LOG.info("redis pool url=" + redactedUrl(url) + " size=" + poolSize);
      return;
    }
    sentinelConnections =
        new SentinelConnections(viaSentinels.get(), config, masterConfig(uri), sentinelConfig());
    LOG.info(
        "redis pool sentinels="
            + viaSentinels.get().describe()
            + " master-name="
            + viaSentinels.get().masterName()
            + " size="
            + poolSize);
    sentinelConnections.tryOpen();
  }

  /** Creates the pool with the application, so that open() refuses a bad setting at deployment. */
  void eagerly(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @PreDestroy
  void close() {
    if (sentinelConnections != null) {
      sentinelConnections.close();
    } else {
      pool.close();
    }
  }

  /** Runs {@code work} on a pooled connection and gives the connection back. */
  public <T> T call(Function<Jedis, T> work) {
    long began = System.nanoTime();
    try (Jedis jedis = connection()) {
      return work.apply(jedis);
    } catch (JedisException e) {
      errors.increment();
      throw e;
    } finally {
      commandTime.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** host:port of the master the Sentinels named; empty without Sentinels or before they answer. */
  public Optional<String> sentinelMaster() {
    return sentinelConnections == null
        ? Optional.empty()
        : sentinelConnections.master().map(Object::toString);
  }

  private Jedis connection() {
    return sentinelConnections != null ? sentinelConnections.connection() : pool.getResource();
  }

  private JedisPoolConfig poolConfig() {
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(poolSize);
    config.setMaxIdle(poolSize);
    config.setMinIdle(Math.min(4, poolSize));
    config.setMaxWait(Duration.ofMillis(timeoutMs));
    config.setTestWhileIdle(true);
    config.setJmxEnabled(false);
    return config;
  }

  /** What JedisPool takes from the URL, less the address: that comes from the Sentinels. */
  private JedisClientConfig masterConfig(URI uri) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMs)
        .socketTimeoutMillis(timeoutMs)
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .protocol(JedisURIHelper.getRedisProtocol(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .build();
  }

  private JedisClientConfig sentinelConfig() {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMs)
        .socketTimeoutMillis(timeoutMs)
        .password(sentinelPassword.filter(p -> !p.isEmpty()).orElse(null))
        .build();
  }

  static String redactedUrl(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
