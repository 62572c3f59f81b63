package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.Pipeline;

/**
 * What Redis remembers of a channel's troubles, beyond one run: its source switches ({@code
 * stream:{id}:switches}, {@code :last_switch}), the cold starts that failed in a row ({@code
 * :start_failures}, expiring) and the time it is refused until ({@code :failed_until}).
 */
@ApplicationScoped
public class StreamTroubles {
  @Inject Redis redis;

  /** A source switch: how many so far and the latest ("0>1 stalled"), shown by the admin API. */
  public void recordSwitch(String channelId, int switches, String lastSwitch) {
    redis.call(
        jedis -> {
          Pipeline p = jedis.pipelined();
          p.set(StreamState.key(channelId, "switches"), Integer.toString(switches));
          p.set(StreamState.key(channelId, "last_switch"), lastSwitch);
          p.sync();
          return null;
        });
  }

  /**
   * Counts a cold start that failed on every source and returns how many failed in a row; the count
   * expires after {@code window}, so an upstream that recovered starts from nothing.
   */
  public long countStartFailure(String channelId, java.time.Duration window) {
    String key = StreamState.key(channelId, "start_failures");
    return redis.call(
        jedis -> {
          long count = jedis.incr(key);
          jedis.expire(key, Math.max(1, window.toSeconds()));
          return count;
        });
  }

  /** A start became playable: the cold-start failures in a row are over. */
  public void clearStartFailures(String channelId) {
    redis.call(j -> j.del(StreamState.key(channelId, "start_failures")));
  }

  public void markFailed(String channelId, Instant until) {
    redis.call(
        j ->
            j.setex(
                StreamState.key(channelId, "failed_until"),
                Math.max(1, until.getEpochSecond() - Instant.now().getEpochSecond()),
                StreamState.epoch(until)));
  }

  public Optional<Instant> failedUntil(String channelId) {
    String value = redis.call(j -> j.get(StreamState.key(channelId, "failed_until")));
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(new BigDecimal(value).movePointRight(3).longValue()));
  }
}
