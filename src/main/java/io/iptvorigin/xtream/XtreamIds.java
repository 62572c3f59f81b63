package io.iptvorigin.xtream;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers Xtream Codes apps need where our ids are text: a numeric {@code stream_id} per
 * channel and a {@code category_id} per category, given once and kept in Redis, so they are the
 * same on every node and after every restart (apps store favourites by them).
 *
 * <p>A channel whose id is a plain decimal number (no leading zero, at most 2147483647, the range
 * apps parse as a 32-bit int) keeps that number, unless another channel already holds it; every
 * other channel gets the next free number from {@value #FIRST_ALLOCATED} upward. Categories are
 * numbered from 1. Numbers are never reused, also after a channel is deleted, so a favourite can
 * never point at another channel.
 *
 * <p>Keys: {@code xtream:stream_ids} (hash channel id → number), {@code xtream:stream_channels}
 * (hash number → channel id), {@code xtream:stream_added} (hash channel id → epoch seconds it was
 * first listed), {@code xtream:next_stream_id}, {@code xtream:category_ids} (hash category name →
 * number), {@code xtream:next_category_id}. All permanent.
 */
@ApplicationScoped
public class XtreamIds {
  static final long FIRST_ALLOCATED = 1_000_000;
  static final String STREAM_IDS = "xtream:stream_ids";
  static final String STREAM_CHANNELS = "xtream:stream_channels";
  static final String STREAM_ADDED = "xtream:stream_added";
  static final String NEXT_STREAM = "xtream:next_stream_id";
  static final String CATEGORY_IDS = "xtream:category_ids";
  static final String NEXT_CATEGORY = "xtream:next_category_id";

  // KEYS: the six above. ARGV: now, first allocated, channel count, channel ids..., category names.
  // Returns {number, added} per channel, then one number per category, as strings.
  private static final LuaScript ASSIGN =
      new LuaScript(
          """
          local now, first, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
          local function plain_number(id)
            return string.match(id, '^[1-9][0-9]*$') and #id <= 10 and tonumber(id) <= 2147483647
          end
          local numbers = {}
          -- First the channels whose own id is a free number, so none of them loses it to an
          -- allocation made for a channel listed before it.
          for i = 1, n do
            local id = ARGV[3 + i]
            local known = redis.call('HGET', KEYS[1], id)
            if known then
              numbers[i] = known
            elseif plain_number(id) and redis.call('HSETNX', KEYS[2], id, id) == 1 then
              redis.call('HSET', KEYS[1], id, id)
              numbers[i] = id
            end
          end
          if redis.call('GET', KEYS[4]) == false then redis.call('SET', KEYS[4], first - 1) end
          local out = {}
          for i = 1, n do
            local id = ARGV[3 + i]
            if not numbers[i] then
              local number
              repeat
                number = tostring(redis.call('INCR', KEYS[4]))
              until redis.call('HSETNX', KEYS[2], number, id) == 1
              redis.call('HSET', KEYS[1], id, number)
              numbers[i] = number
            end
            redis.call('HSETNX', KEYS[3], id, now)
            out[#out + 1] = numbers[i]
            out[#out + 1] = redis.call('HGET', KEYS[3], id)
          end
          for j = 4 + n, #ARGV do
            local name = ARGV[j]
            local number = redis.call('HGET', KEYS[5], name)
            if not number then
              number = tostring(redis.call('INCR', KEYS[6]))
              redis.call('HSET', KEYS[5], name, number)
            end
            out[#out + 1] = number
          end
          return out
          """);

  @Inject Redis redis;
  @Inject Clock clock;

  /** The numbers of some channels and categories (category names as the channels carry them). */
  public record Assigned(
      Map<String, Long> streamIds, Map<String, Long> added, Map<String, Long> categoryIds) {}

  public Assigned assign(List<String> channelIds, List<String> categoryNames) {
    List<String> keys =
        List.of(
            STREAM_IDS, STREAM_CHANNELS, STREAM_ADDED, NEXT_STREAM, CATEGORY_IDS, NEXT_CATEGORY);
    List<String> args = new ArrayList<>();
    args.add(Long.toString(clock.now().getEpochSecond()));
    args.add(Long.toString(FIRST_ALLOCATED));
    args.add(Integer.toString(channelIds.size()));
    args.addAll(channelIds);
    args.addAll(categoryNames);
    @SuppressWarnings("unchecked")
    List<Object> out = (List<Object>) redis.call(j -> ASSIGN.run(j, keys, args));
    Map<String, Long> streamIds = new HashMap<>();
    Map<String, Long> added = new HashMap<>();
    for (int i = 0; i < channelIds.size(); i++) {
      streamIds.put(channelIds.get(i), Long.parseLong(String.valueOf(out.get(2 * i))));
      added.put(channelIds.get(i), Long.parseLong(String.valueOf(out.get(2 * i + 1))));
    }
    Map<String, Long> categoryIds = new HashMap<>();
    for (int j = 0; j < categoryNames.size(); j++) {
      categoryIds.put(
          categoryNames.get(j), Long.parseLong(String.valueOf(out.get(2 * channelIds.size() + j))));
    }
    return new Assigned(streamIds, added, categoryIds);
  }
}
