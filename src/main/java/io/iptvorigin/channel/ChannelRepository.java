package io.iptvorigin.channel;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.RecordScripts;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Channels in Redis: {@code channel:{id}} (JSON) and {@code channels:all} (set), as the reference
 * had them, plus {@code channels:revision}, a counter every channel write bumps in the same Lua
 * script, so every application node sharing the Redis knows when its cached playlist is stale.
 */
@ApplicationScoped
public class ChannelRepository {
  static final String ALL = "channels:all";
  public static final String REVISION_KEY = "channels:revision";

  /** Outcome of a write script. */
  public enum Write {
    OK,
    EXISTS,
    CONFLICT,
    NOT_EMPTY
  }

  // KEYS: channels:all, revision  ARGV: id1, json1, id2, json2, ...
  private static final LuaScript RESTORE =
      new LuaScript(
          """
          if redis.call('SCARD', KEYS[1]) > 0 then return 'NOT_EMPTY' end
          for i = 1, #ARGV, 2 do
            redis.call('SET', 'channel:' .. ARGV[i], ARGV[i + 1])
            redis.call('SADD', KEYS[1], ARGV[i])
          end
          redis.call('INCR', KEYS[2])
          return 'OK'
          """);

  // KEYS: channels:all, revision  returns {revision, json...}: one round trip, one consistent view.
  private static final LuaScript SNAPSHOT =
      new LuaScript(
          """
          local result = {redis.call('GET', KEYS[2]) or '0'}
          for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local json = redis.call('GET', 'channel:' .. id)
            if json then result[#result + 1] = json end
          end
          return result
          """);

  @Inject Redis redis;

  private final ParsedChannels parsed = new ParsedChannels();

  /** A channel together with the exact JSON it was read from, for compare-and-set writes. */
  public record Stored(Channel channel, String json) {}

  /** Every channel and the revision they belong to. */
  public record Snapshot(long revision, List<Channel> channels) {}

  public Optional<Stored> find(ChannelId id) {
    String json = redis.call(j -> j.get(channelKey(id.value())));
    return json == null ? Optional.empty() : Optional.of(new Stored(parsed.parse(json), json));
  }

  public Snapshot snapshot() {
    List<?> raw =
        redis.call(jedis -> (List<?>) SNAPSHOT.run(jedis, List.of(ALL, REVISION_KEY), List.of()));
    List<Channel> channels = new ArrayList<>(raw.size());
    for (int i = 1; i < raw.size(); i++) {
      channels.add(parsed.parse(Objects.toString(raw.get(i))));
    }
    channels.sort(Comparator.comparing(Channel::id));
    return new Snapshot(Long.parseLong(Objects.toString(raw.get(0))), channels);
  }

  /** Those of {@code ids} whose channel exists and is active, in one round trip. */
  public java.util.Set<ChannelId> activeAmong(java.util.Collection<ChannelId> ids) {
    java.util.Set<ChannelId> active = new java.util.HashSet<>();
    findAll(ids)
        .forEach(
            (id, channel) -> {
              if (channel.active()) {
                active.add(new ChannelId(id));
              }
            });
    return active;
  }

  /** The channels of {@code ids} that exist, by id, in one round trip. */
  public java.util.Map<String, Channel> findAll(java.util.Collection<ChannelId> ids) {
    if (ids.isEmpty()) {
      return java.util.Map.of();
    }
    List<ChannelId> order = List.copyOf(ids);
    String[] keys = order.stream().map(id -> channelKey(id.value())).toArray(String[]::new);
    List<String> values = redis.call(j -> j.mget(keys));
    java.util.Map<String, Channel> found = new java.util.HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      if (values.get(i) != null) {
        found.put(order.get(i).value(), parsed.parse(values.get(i)));
      }
    }
    return found;
  }

  public long count() {
    return redis.call(j -> j.scard(ALL));
  }

  public Write create(Channel channel) {
    return run(RecordScripts.CREATE, channel.id(), List.of(channel.toStoredJson(), channel.id()));
  }

  public Write update(Stored current, Channel changed) {
    return run(
        RecordScripts.UPDATE,
        changed.id(),
        List.of(current.json(), changed.toStoredJson(), changed.id()));
  }

  public Write delete(Stored current) {
    return run(
        RecordScripts.DELETE,
        current.channel().id(),
        List.of(current.json(), current.channel().id()));
  }

  /** Writes {@code channels} only if Redis holds no channel at all (restore after data loss). */
  public Write restoreIfEmpty(List<Channel> channels) {
    List<String> args = new ArrayList<>(channels.size() * 2);
    for (Channel c : channels) {
      args.add(c.id());
      args.add(c.toStoredJson());
    }
    Object result = redis.call(jedis -> RESTORE.run(jedis, List.of(ALL, REVISION_KEY), args));
    return Write.valueOf(Objects.toString(result));
  }

  private Write run(LuaScript script, String id, List<String> args) {
    List<String> keys = List.of(channelKey(id), ALL, REVISION_KEY);
    Object result = redis.call(jedis -> script.run(jedis, keys, args));
    return Write.valueOf(Objects.toString(result));
  }

  public static String channelKey(String id) {
    return "channel:" + id;
  }
}
