package io.iptvorigin.common;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The application's Redis connection pool. Timeouts are short on purpose: a Redis that does not
 * answer must turn into a quick 503, never a request thread hanging behind it.
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

  private JedisPool pool;

  @PostConstruct
  void open() {
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(poolSize);
    config.setMaxIdle(poolSize);
    config.setMinIdle(Math.min(4, poolSize));
    config.setMaxWait(Duration.ofMillis(timeoutMs));
    config.setTestWhileIdle(true);
    config.setJmxEnabled(false);
    pool = new JedisPool(config, URI.create(url), timeoutMs);
    LOG.info("redis pool url=" + redactedUrl(url) + " size=" + poolSize);
  }

  @PreDestroy
  void close() {
    pool.close();
  }

  /** Runs {@code work} on a pooled connection and gives the connection back. */
  public <T> T call(Function<Jedis, T> work) {
    try (Jedis jedis = pool.getResource()) {
      return work.apply(jedis);
    }
  }

  static String redactedUrl(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
