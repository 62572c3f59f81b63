package io.iptvorigin.stream.start;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cold starts a subscriber may trigger per minute ({@code iptv.viewer.cold-starts-per-minute}).
 * Every cold start costs an upstream connection and an FFmpeg launch; without a cap one account
 * could start every channel of the line-up at once (many of them against dead upstreams). Joining a
 * channel that already runs costs nothing, so zapping between running channels is never limited.
 * Counted per user in Redis ({@code coldstarts:{username}}: the set of channels started in a
 * one-minute window), so the cap holds across nodes.
 */
@ApplicationScoped
public class StartBudget {
  private static final Logger LOG = Logger.getLogger(StartBudget.class.getName());
  private static final long WINDOW_SECONDS = 60;

  // KEYS: the user's set of channels started this window.  ARGV: channel, limit, window seconds.
  // Returns {refused (0/1), first refusal of the window (0/1), ttl}. The set also holds the marker
  // '~refused' once a start was refused, so the refusal is logged once a window.
  private static final LuaScript CHARGE =
      new LuaScript(
          """
          -- Earlier versions counted requests in a string here.
          if redis.call('TYPE', KEYS[1]).ok == 'string' then redis.call('DEL', KEYS[1]) end
          if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
            return {0, 0, redis.call('TTL', KEYS[1])}
          end
          local started = redis.call('SCARD', KEYS[1]) - redis.call('SISMEMBER', KEYS[1], '~refused')
          if started >= tonumber(ARGV[2]) then
            local first = redis.call('SADD', KEYS[1], '~refused')
            return {1, first, redis.call('TTL', KEYS[1])}
          end
          redis.call('SADD', KEYS[1], ARGV[1])
          if started == 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3])) end
          return {0, 0, redis.call('TTL', KEYS[1])}
          """);

  @Inject Redis redis;
  @Inject UserRepository users;

  @Inject
  @ConfigProperty(name = "iptv.viewer.cold-starts-per-minute", defaultValue = "10")
  int perMinute;

  /**
   * Charges the cold start of {@code channel} to the owner of {@code token}; throws {@link
   * TooManyStartsException} when the user has started as many other channels within the window. A
   * channel is charged once a window however many of the user's requests race to start it, and a
   * token nobody holds is not charged.
   */
  public void charge(Token token, ChannelId channel) {
    charge(users.findGrant(token).map(TokenGrant::username), channel);
  }

  /** {@link #charge(Token, ChannelId)} for the token's owner, already looked up. */
  public void charge(Optional<String> owner, ChannelId channel) {
    if (owner.isEmpty()) {
      return;
    }
    String username = owner.get();
    List<String> args =
        List.of(channel.value(), Integer.toString(perMinute), Long.toString(WINDOW_SECONDS));
    List<?> result = (List<?>) redis.call(j -> CHARGE.run(j, List.of(key(username)), args));
    boolean refused = ((Number) result.get(0)).longValue() == 1;
    long ttl = ((Number) result.get(2)).longValue();
    if (refused) {
      if (((Number) result.get(1)).longValue() == 1) {
        LOG.warning(
            "stream start refused username="
                + username
                + " channel="
                + channel
                + " reason=\"over "
                + perMinute
                + " cold starts a minute\"");
      }
      throw new TooManyStartsException(perMinute, ttl > 0 ? ttl : WINDOW_SECONDS);
    }
  }

  static String key(String username) {
    return "coldstarts:" + username;
  }
}
