package io.iptvorigin.epg;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * The right to refresh one source, held by one node at a time across every node sharing the Redis:
 * a key with a TTL that the holder renews while it works and deletes when done. A node that dies
 * mid-refresh holds it until the TTL runs out.
 */
final class GuideLease {
  static final long TTL_MILLIS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  // KEYS: lease  ARGV: holder, ttl ms
  private static final LuaScript RENEW =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
          """);

  // KEYS: lease  ARGV: holder
  private static final LuaScript RELEASE =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
          return redis.call('DEL', KEYS[1])
          """);

  private final Redis redis;
  private final String key;
  private final String holder;

  private GuideLease(Redis redis, String key, String holder) {
    this.redis = redis;
    this.key = key;
    this.holder = holder;
  }

  /** The lease of {@code sourceId} for {@code node}, or empty while another holds it. */
  static Optional<GuideLease> take(Redis redis, String sourceId, String node) {
    byte[] nonce = new byte[8];
    RANDOM.nextBytes(nonce);
    String holder = node + ":" + HexFormat.of().formatHex(nonce);
    String key = EpgKeys.lease(sourceId);
    String reply =
        redis.call(jedis -> jedis.set(key, holder, SetParams.setParams().nx().px(TTL_MILLIS)));
    return "OK".equals(reply) ? Optional.of(new GuideLease(redis, key, holder)) : Optional.empty();
  }

  /** False when the lease was lost (expired and taken by another node). */
  boolean renew() {
    Object done =
        redis.call(
            jedis -> RENEW.run(jedis, List.of(key), List.of(holder, Long.toString(TTL_MILLIS))));
    return Long.valueOf(1).equals(done);
  }

  void release() {
    redis.call(jedis -> RELEASE.run(jedis, List.of(key), List.of(holder)));
  }
}
