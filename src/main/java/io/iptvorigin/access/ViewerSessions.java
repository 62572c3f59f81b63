package io.iptvorigin.access;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.resps.Tuple;

/**
 * Viewer sessions, counted from expiring leases that cannot leak.
 *
 * <p>A session is (user, channel, client address). Every authorisation that reaches the application
 * records it in {@code sessions:{username}}, a sorted set scored by last seen. A user's live
 * sessions are those seen within {@code iptv.viewer.session-window}; older ones are dropped on the
 * next check, so a player that stops frees its slot within the window with no cleanup job.
 *
 * <p>The rule, in one Lua script (atomic, so two new sessions racing for the last slot cannot both
 * win): a session already live is always refreshed (playing viewers are never cut because someone
 * else tried); a new session first replaces the same address's session on another channel (zapping
 * is never refused and never counts twice) and remembers it as replaced; then it is admitted if
 * fewer than {@code max_connections} sessions are live, else refused (429).
 *
 * <p>A replaced session that comes back while the address's other session is still playing (seen
 * within {@code iptv.viewer.rejoin-seconds}) is not zapping: both channels are being fetched, which
 * nginx's few seconds of cached answers would otherwise let through as one connection. It counts as
 * a second connection. A viewer who really zapped back is admitted as soon as the channel it left
 * goes quiet.
 *
 * <p>The same script refreshes the channel's {@code stream:{id}:last_access} and its viewer set,
 * which drive idle stop and viewer counts.
 */
@ApplicationScoped
public class ViewerSessions {
  /** Outcome of recording a session. */
  public enum Admission {
    ADMITTED,
    OVER_LIMIT
  }

  /** One live session of a user. */
  public record Session(String channelId, String address, Instant firstSeen, Instant lastSeen) {}

  // KEYS: sessions, first-seen hash, channel viewers, channel last_access, replaced hash
  // ARGV: now ms, window ms, max, channel, address, username, now as epoch seconds text, rejoin ms
  private static final LuaScript RECORD =
      new LuaScript(
          """
          local now = tonumber(ARGV[1])
          local window = tonumber(ARGV[2])
          local cutoff = now - window
          local member = ARGV[4] .. '|' .. ARGV[5]
          local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)
          for _, m in ipairs(expired) do
            redis.call('ZREM', KEYS[1], m)
            redis.call('HDEL', KEYS[2], m)
          end
          local replaced = redis.call('HGETALL', KEYS[5])
          for i = 1, #replaced, 2 do
            if tonumber(replaced[i + 1]) < cutoff then redis.call('HDEL', KEYS[5], replaced[i]) end
          end
          if not redis.call('ZSCORE', KEYS[1], member) then
            local suffix = '|' .. ARGV[5]
            local others = {}
            local playing = false
            local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            for i = 1, #live, 2 do
              local m = live[i]
              if string.sub(m, -#suffix) == suffix then
                table.insert(others, m)
                if tonumber(live[i + 1]) >= now - tonumber(ARGV[8]) then playing = true end
              end
            end
            local returning = redis.call('HEXISTS', KEYS[5], member) == 1
            if not (returning and playing) then
              for _, m in ipairs(others) do
                redis.call('ZREM', KEYS[1], m)
                redis.call('HDEL', KEYS[2], m)
                redis.call('HSET', KEYS[5], m, ARGV[1])
              end
            end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 'OVER_LIMIT' end
            redis.call('HDEL', KEYS[5], member)
            redis.call('HSET', KEYS[2], member, ARGV[1])
          end
          redis.call('ZADD', KEYS[1], now, member)
          redis.call('PEXPIRE', KEYS[1], window * 2)
          redis.call('PEXPIRE', KEYS[2], window * 2)
          if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('PEXPIRE', KEYS[5], window * 2) end
          redis.call('ZADD', KEYS[3], now, ARGV[6] .. '|' .. ARGV[5])
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. cutoff)
          redis.call('PEXPIRE', KEYS[3], window * 2)
          redis.call('SET', KEYS[4], ARGV[7], 'XX')
          return 'ADMITTED'
          """);

  @Inject Redis redis;

  @Inject
  @ConfigProperty(name = "iptv.viewer.session-window", defaultValue = "30")
  int windowSeconds;

  @Inject
  @ConfigProperty(name = "iptv.viewer.rejoin-seconds", defaultValue = "10")
  int rejoinSeconds;

  public Duration window() {
    return Duration.ofSeconds(windowSeconds);
  }

  public Admission record(
      String username, int maxConnections, String channelId, String address, Instant now) {
    List<String> keys =
        List.of(
            sessionsKey(username),
            firstSeenKey(username),
            ViewerActivityKeys.viewers(channelId),
            ViewerActivityKeys.lastAccess(channelId),
            replacedKey(username));
    List<String> args =
        List.of(
            Long.toString(now.toEpochMilli()),
            Long.toString(window().toMillis()),
            Integer.toString(maxConnections),
            channelId,
            address,
            username,
            BigDecimal.valueOf(now.toEpochMilli(), 3).toPlainString(),
            Long.toString(rejoinSeconds * 1000L));
    Object result = redis.call(j -> RECORD.run(j, keys, args));
    return Admission.valueOf(String.valueOf(result));
  }

  /**
   * Ends a session now, for a connection whose close is seen (a TS viewer): its slot is free for
   * the next device at once instead of after the window.
   */
  public void release(String username, String channelId, String address) {
    String member = channelId + "|" + address;
    redis.call(
        jedis -> {
          Pipeline pipeline = jedis.pipelined();
          pipeline.zrem(sessionsKey(username), member);
          pipeline.hdel(firstSeenKey(username), member);
          pipeline.zrem(ViewerActivityKeys.viewers(channelId), username + "|" + address);
          pipeline.sync();
          return null;
        });
  }

  /** How many live sessions a user has now: what {@code max_connections} is counted against. */
  public long liveCount(String username, Instant now) {
    long cutoff = now.toEpochMilli() - window().toMillis();
    return redis.call(j -> j.zcount(sessionsKey(username), cutoff, Double.POSITIVE_INFINITY));
  }

  /** A user's live sessions, most recently seen first. */
  public List<Session> live(String username, Instant now) {
    long cutoff = now.toEpochMilli() - window().toMillis();
    return redis.call(
        jedis -> {
          List<Tuple> members =
              jedis.zrangeByScoreWithScores(
                  sessionsKey(username), cutoff, Double.POSITIVE_INFINITY);
          Map<String, String> first = jedis.hgetAll(firstSeenKey(username));
          List<Session> sessions = new ArrayList<>();
          for (Tuple t : members) {
            String member = t.getElement();
            int bar = member.indexOf('|');
            Instant last = Instant.ofEpochMilli((long) t.getScore());
            Instant firstSeen =
                first.containsKey(member)
                    ? Instant.ofEpochMilli(Long.parseLong(first.get(member)))
                    : last;
            sessions.add(
                new Session(member.substring(0, bar), member.substring(bar + 1), firstSeen, last));
          }
          sessions.sort(Comparator.comparing(Session::lastSeen).reversed());
          return sessions;
        });
  }

  static String sessionsKey(String username) {
    return "sessions:" + username;
  }

  static String firstSeenKey(String username) {
    return "sessions:" + username + ":first_seen";
  }

  /** Sessions an address zapped away from within the window, with when. */
  static String replacedKey(String username) {
    return "sessions:" + username + ":replaced";
  }
}
