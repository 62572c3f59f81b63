package io.iptvorigin.stream.supervision;

import io.iptvorigin.access.ViewerActivityKeys;
import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import io.iptvorigin.stream.StreamMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * A running channel's state in Redis. The reference's keys ({@code stream:{id}:pid}, {@code
 * :started}, {@code :source}, {@code :resolved_source}, {@code :last_access}, epoch seconds as
 * decimal strings) plus what supervision needs: {@code :owner} (the node's lease, {@link
 * OwnerLeases}), {@code :run}, {@code :mode}, {@code :restarts}, {@code :failed_until}, {@code
 * :source_index} (which of the channel's sources runs, 0 the first), {@code :switches} and {@code
 * :last_switch} (source switches and the latest with its reason), {@code :start_failures} (cold
 * starts failed in a row, expiring); and the set {@code streams:active} so listing needs no SCAN.
 */
@ApplicationScoped
public class StreamState {
  static final String ACTIVE = "streams:active";
  static final List<String> FIELDS =
      List.of(
          "pid",
          "started",
          "source",
          "resolved_source",
          "last_access",
          "owner",
          "run",
          "mode",
          "restarts",
          "source_index",
          "switches",
          "last_switch");

  // KEYS: stream keys..., streams:active  ARGV: id, node. Removes only a stream this node owns.
  private static final LuaScript RELEASE =
      new LuaScript(
          """
          local holder = redis.call('GET', 'stream:' .. ARGV[1] .. ':owner')
          if holder and holder ~= ARGV[2] then return 0 end
          for i = 1, #KEYS - 1 do redis.call('DEL', KEYS[i]) end
          redis.call('SREM', KEYS[#KEYS], ARGV[1])
          return 1
          """);

  @Inject Redis redis;

  /**
   * What Redis says about a channel's stream: {@link #fields} as stored (the admin API shows them
   * as they are), read through the typed accessors everywhere else.
   */
  public record Snapshot(String channelId, Map<String, String> fields) {
    public Optional<Long> pid() {
      return Optional.ofNullable(fields.get("pid")).map(Long::parseLong);
    }

    public Optional<String> owner() {
      return Optional.ofNullable(fields.get("owner"));
    }

    public Optional<Double> lastAccess() {
      return Optional.ofNullable(fields.get("last_access")).map(Double::parseDouble);
    }

    /** As recorded; copy when unknown (what older versions ran). */
    public StreamMode mode() {
      return StreamMode.fromWire(fields.get("mode"));
    }

    public Optional<Instant> started() {
      return Optional.ofNullable(fields.get("started"))
          .map(s -> Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1000)));
    }

    public Optional<String> runId() {
      return Optional.ofNullable(fields.get("run"));
    }

    public String source() {
      return fields.getOrDefault("source", "");
    }

    public String resolvedSource() {
      return fields.getOrDefault("resolved_source", "");
    }

    public int restarts() {
      return Integer.parseInt(fields.getOrDefault("restarts", "0"));
    }

    public int sourceIndex() {
      return Integer.parseInt(fields.getOrDefault("source_index", "0"));
    }
  }

  static String key(String channelId, String field) {
    return "stream:" + channelId + ":" + field;
  }

  public static String lastAccessKey(String channelId) {
    return ViewerActivityKeys.lastAccess(channelId);
  }

  /** Sorted set of the channel's viewers (user|address) scored by last seen, kept by access. */
  public static String viewersKey(String channelId) {
    return ViewerActivityKeys.viewers(channelId);
  }

  /** How many distinct viewers each channel had since {@code sinceMillis}, in one pipeline. */
  public Map<String, Long> viewerCounts(List<String> channelIds, long sinceMillis) {
    return redis.call(
        jedis -> {
          Pipeline p = jedis.pipelined();
          List<Response<Long>> counts = new ArrayList<>();
          channelIds.forEach(
              id -> counts.add(p.zcount(viewersKey(id), sinceMillis, Double.POSITIVE_INFINITY)));
          p.sync();
          Map<String, Long> result = new LinkedHashMap<>();
          for (int i = 0; i < channelIds.size(); i++) {
            result.put(channelIds.get(i), counts.get(i).get());
          }
          return result;
        });
  }

  static String epoch(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3).toPlainString();
  }

  public void recordStart(String channelId, StreamRun run, Instant now) {
    redis.call(
        jedis -> {
          Pipeline p = jedis.pipelined();
          if (run.pid().isPresent()) {
            p.set(key(channelId, "pid"), Long.toString(run.pid().getAsLong()));
          } else {
            p.del(key(channelId, "pid")); // a native run: no process to signal or adopt
          }
          p.set(key(channelId, "started"), epoch(run.started()));
          p.set(key(channelId, "source"), run.source());
          p.set(key(channelId, "resolved_source"), run.resolvedSource());
          p.set(key(channelId, "run"), run.runId());
          p.set(key(channelId, "mode"), run.mode().wireName());
          p.set(key(channelId, "restarts"), Integer.toString(run.restarts()));
          p.set(key(channelId, "source_index"), Integer.toString(run.sourceIndex()));
          // last_access only if absent: a restart must not make an abandoned channel look watched.
          p.set(lastAccessKey(channelId), epoch(now), SetParams.setParams().nx());
          p.sadd(ACTIVE, channelId);
          p.sync();
          return null;
        });
  }

  /** A viewer request: refreshes last_access of a channel that runs; ignores one that does not. */
  public boolean touch(String channelId, Instant now) {
    return redis.call(
        j -> "OK".equals(j.set(lastAccessKey(channelId), epoch(now), SetParams.setParams().xx())));
  }

  /** Epoch seconds of the last viewer request, if the channel runs. */
  public Optional<Double> lastAccess(String channelId) {
    return Optional.ofNullable(redis.call(j -> j.get(lastAccessKey(channelId))))
        .map(Double::parseDouble);
  }

  /** Removes every key of the channel's stream, if this node owns it (or nobody does). */
  public boolean release(String channelId, String node) {
    List<String> keys = new ArrayList<>();
    FIELDS.forEach(f -> keys.add(key(channelId, f)));
    keys.add(viewersKey(channelId));
    keys.add(ACTIVE);
    Object removed = redis.call(j -> RELEASE.run(j, keys, List.of(channelId, node)));
    return Long.valueOf(1).equals(removed);
  }

  public Set<String> activeIds() {
    return redis.call(j -> j.smembers(ACTIVE));
  }

  /** Every active stream's fields, in one pipeline. */
  public List<Snapshot> snapshots() {
    return redis.call(
        jedis -> {
          List<String> ids = new ArrayList<>(jedis.smembers(ACTIVE));
          ids.sort(null);
          Pipeline p = jedis.pipelined();
          List<List<Response<String>>> replies = new ArrayList<>();
          for (String id : ids) {
            List<Response<String>> fields = new ArrayList<>();
            FIELDS.forEach(f -> fields.add(p.get(key(id, f))));
            replies.add(fields);
          }
          p.sync();
          List<Snapshot> result = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int f = 0; f < FIELDS.size(); f++) {
              String value = replies.get(i).get(f).get();
              if (value != null) {
                fields.put(FIELDS.get(f), value);
              }
            }
            result.add(new Snapshot(ids.get(i), fields));
          }
          return result;
        });
  }
}
