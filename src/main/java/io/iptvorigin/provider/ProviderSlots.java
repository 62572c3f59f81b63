package io.iptvorigin.provider;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's connections, counted from leases that expire, so no crash can leak one: {@code
 * provider:{id}:slots} is a sorted set of the channels holding a slot, scored by when their lease
 * expires (epoch ms, Redis's own clock, so nodes whose clocks disagree still agree on expiry). The
 * node running a channel renews its lease; a node that dies stops renewing and its slots free
 * themselves within {@code iptv.provider.slot-ttl}.
 *
 * <p>Each operation is one Lua script that first drops expired leases, so a count is always of live
 * ones, and reads the limit from {@code provider:{id}} in the same step, so a limit changed through
 * the API applies to the very next start.
 */
@ApplicationScoped
public class ProviderSlots {
  private static final String NOW =
      """
      local clock = redis.call('TIME')
      local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
      local function limit()
        local raw = redis.call('GET', KEYS[1])
        if not raw then return nil end
        return tonumber(cjson.decode(raw).max_connections)
      end
      """;

  // KEYS: provider, slots  ARGV: channel, ttl ms.
  // Returns {'RENEWED'} when the channel holds a slot already, {'ACQUIRED'} when one was free,
  // {'UNKNOWN'} when there is no such provider, else {'FULL', holder...}.
  private static final LuaScript ACQUIRE =
      new LuaScript(
          NOW
              + """
              local ttl = tonumber(ARGV[2])
              if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
                redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
                redis.call('PEXPIRE', KEYS[2], ttl)
                return {'RENEWED'}
              end
              local max = limit()
              if not max then return {'UNKNOWN'} end
              if redis.call('ZCARD', KEYS[2]) < max then
                redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
                redis.call('PEXPIRE', KEYS[2], ttl)
                return {'ACQUIRED'}
              end
              local full = {'FULL'}
              for _, holder in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
                full[#full + 1] = holder
              end
              return full
              """);

  // KEYS: provider, slots  ARGV: channel, ttl ms.  1: renewed; 0: the lease is lost (it expired,
  // or the provider's limit was lowered below the channels holding one: the first holders to
  // renew give theirs up until the count fits).
  private static final LuaScript RENEW =
      new LuaScript(
          NOW
              + """
              if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
              local max = limit()
              if max and redis.call('ZCARD', KEYS[2]) > max then
                redis.call('ZREM', KEYS[2], ARGV[1])
                return 0
              end
              local ttl = tonumber(ARGV[2])
              redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
              redis.call('PEXPIRE', KEYS[2], ttl)
              return 1
              """);

  // KEYS: slots...  Returns, per key, the channels holding a live lease.
  private static final LuaScript HOLDERS =
      new LuaScript(
          """
          local clock = redis.call('TIME')
          local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
          local result = {}
          for i, key in ipairs(KEYS) do
            result[i] = redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf')
          end
          return result
          """);

  @Inject Redis redis;
  @Inject ProviderSettings settings;

  /** What {@link #acquire} found. */
  public enum Outcome {
    /** A slot was free and is now the channel's. */
    ACQUIRED,
    /** The channel held a slot already (a restart, or it runs on another node): renewed. */
    RENEWED,
    /** Every slot is held; {@link Acquisition#holders()} says by which channels. */
    FULL,
    /** No such provider (deleted while a channel still named it): nothing to count against. */
    UNKNOWN
  }

  /** The outcome of an acquire and, when full, the channels holding the provider's slots. */
  public record Acquisition(Outcome outcome, List<String> holders) {
    public Acquisition {
      holders = List.copyOf(holders);
    }

    public boolean granted() {
      return outcome == Outcome.ACQUIRED || outcome == Outcome.RENEWED;
    }
  }

  /** Takes a slot of the provider for the channel, renews the channel's own, or reports full. */
  public Acquisition acquire(String providerId, String channelId) {
    List<?> raw = redis.call(j -> (List<?>) ACQUIRE.run(j, keys(providerId), args(channelId)));
    Outcome outcome = Outcome.valueOf(Objects.toString(raw.get(0)));
    List<String> holders = new ArrayList<>();
    raw.subList(1, raw.size()).forEach(h -> holders.add(Objects.toString(h)));
    return new Acquisition(outcome, holders);
  }

  /** Extends the channel's lease; false when it holds none any more (it must stop). */
  public boolean renew(String providerId, String channelId) {
    Object result = redis.call(j -> RENEW.run(j, keys(providerId), args(channelId)));
    return Long.valueOf(1).equals(result);
  }

  public void release(String providerId, String channelId) {
    redis.call(j -> j.zrem(slotsKey(providerId), channelId));
  }

  /** The channels holding a live slot of each provider, in one round trip. */
  public Map<String, List<String>> holders(Collection<String> providerIds) {
    List<String> ids = List.copyOf(providerIds);
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    List<String> keys = ids.stream().map(ProviderSlots::slotsKey).toList();
    List<?> raw = redis.call(j -> (List<?>) HOLDERS.run(j, keys, List.of()));
    for (int i = 0; i < ids.size(); i++) {
      List<String> holders = new ArrayList<>();
      ((List<?>) raw.get(i)).forEach(h -> holders.add(Objects.toString(h)));
      holders.sort(null);
      result.put(ids.get(i), holders);
    }
    return result;
  }

  private static List<String> keys(String providerId) {
    return List.of(ProviderRepository.providerKey(providerId), slotsKey(providerId));
  }

  private List<String> args(String channelId) {
    return List.of(channelId, Long.toString(settings.slotTtl().toMillis()));
  }

  public static String slotsKey(String providerId) {
    return "provider:" + providerId + ":slots";
  }
}
