package io.iptvorigin.xtream;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brute-force protection for password logins: failures are counted per username and per client
 * address; {@code iptv.xtream.max-failures} of them within {@code iptv.xtream.failure-window}
 * seconds lock that username or address out for {@code iptv.xtream.lockout} seconds, during which
 * even the right password gets a 429. A successful login clears both counts.
 *
 * <p>Keys (strings with TTLs): {@code xtream:failures:user:{username}}, {@code
 * xtream:failures:address:{address}}, {@code xtream:lockout:user:{username}}, {@code
 * xtream:lockout:address:{address}}.
 */
@ApplicationScoped
public class LoginGuard {
  // KEYS: failure counters, then their lockout keys, pairwise. ARGV: max, window s, lockout s.
  private static final LuaScript FAILED =
      new LuaScript(
          """
          local half = #KEYS / 2
          for i = 1, half do
            local count = redis.call('INCR', KEYS[i])
            if count == 1 then redis.call('EXPIRE', KEYS[i], ARGV[2]) end
            if count >= tonumber(ARGV[1]) then
              redis.call('SET', KEYS[half + i], '1', 'EX', ARGV[3])
              redis.call('DEL', KEYS[i])
            end
          end
          return 0
          """);

  @Inject Redis redis;

  @Inject
  @ConfigProperty(name = "iptv.xtream.max-failures", defaultValue = "10")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "iptv.xtream.failure-window", defaultValue = "600")
  int windowSeconds;

  @Inject
  @ConfigProperty(name = "iptv.xtream.lockout", defaultValue = "600")
  int lockoutSeconds;

  /** Whether this username (null: not a valid one) or address is locked out now. */
  public boolean lockedOut(String username, String address) {
    List<String> keys = new ArrayList<>();
    keys.add(lockoutKey("address", address));
    if (username != null) {
      keys.add(lockoutKey("user", username));
    }
    return redis.call(j -> j.exists(keys.toArray(String[]::new))) > 0;
  }

  public void failed(String username, String address) {
    List<String> counters = new ArrayList<>();
    List<String> lockouts = new ArrayList<>();
    counters.add(failuresKey("address", address));
    lockouts.add(lockoutKey("address", address));
    if (username != null) {
      counters.add(failuresKey("user", username));
      lockouts.add(lockoutKey("user", username));
    }
    List<String> keys = new ArrayList<>(counters);
    keys.addAll(lockouts);
    List<String> args =
        List.of(
            Integer.toString(Math.max(1, maxFailures)),
            Integer.toString(Math.max(1, windowSeconds)),
            Integer.toString(Math.max(1, lockoutSeconds)));
    redis.call(j -> FAILED.run(j, keys, args));
  }

  public void succeeded(String username, String address) {
    redis.call(j -> j.del(failuresKey("user", username), failuresKey("address", address)));
  }

  public int lockoutSeconds() {
    return Math.max(1, lockoutSeconds);
  }

  static String failuresKey(String kind, String value) {
    return "xtream:failures:" + kind + ":" + value;
  }

  static String lockoutKey(String kind, String value) {
    return "xtream:lockout:" + kind + ":" + value;
  }
}
