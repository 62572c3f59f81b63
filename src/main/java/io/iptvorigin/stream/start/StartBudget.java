package io.iptvorigin.stream.start;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import io.iptvorigin.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cold starts a subscriber may trigger per minute ({@code iptv.viewer.cold-starts-per-minute}).
 * Every cold start costs an upstream connection and an FFmpeg launch; without a cap one account
 * could start every channel of the line-up at once (many of them against dead upstreams). Joining a
 * channel that already runs costs nothing, so zapping between running channels is never limited.
 * Counted per user in Redis ({@code coldstarts:{username}}, a one-minute window), so the cap holds
 * across nodes.
 */
@ApplicationScoped
public class StartBudget {
  private static final Logger LOG = Logger.getLogger(StartBudget.class.getName());
  private static final long WINDOW_SECONDS = 60;

  // KEYS: counter  ARGV: window seconds. Returns {count, ttl}.
  private static final LuaScript CHARGE =
      new LuaScript(
          """
          local n = redis.call('INCR', KEYS[1])
          if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
          return {n, redis.call('TTL', KEYS[1])}
          """);

  @Inject Redis redis;
  @Inject UserRepository users;

  @Inject
  @ConfigProperty(name = "iptv.viewer.cold-starts-per-minute", defaultValue = "10")
  int perMinute;

  /**
   * Charges one cold start to the owner of {@code token}; throws {@link TooManyStartsException}
   * when the user is over the budget. A token nobody holds is not charged.
   */
  public void charge(Token token) {
    String username = users.findGrant(token).map(TokenGrant::username).orElse(null);
    if (username == null) {
      return;
    }
    List<?> result =
        (List<?>)
            redis.call(
                j -> CHARGE.run(j, List.of(key(username)), List.of(Long.toString(WINDOW_SECONDS))));
    long count = ((Number) result.get(0)).longValue();
    long ttl = ((Number) result.get(1)).longValue();
    if (count > perMinute) {
      if (count == perMinute + 1) {
        LOG.warning(
            "stream start refused username="
                + username
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
