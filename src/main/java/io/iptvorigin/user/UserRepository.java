package io.iptvorigin.user;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users in Redis, keys as the reference system had them: {@code user:{username}} (JSON), {@code
 * token:{token}} (JSON, expiring with the user), {@code users:all} (set). Each write is one Lua
 * script, so the keys change together or not at all; updates and deletes are compare-and-set
 * against the record the caller read, so two concurrent panel calls cannot undo each other.
 *
 * <p>Who owns a token is decided by {@code tokens:owners} (hash token → username), which lives as
 * long as the users do, never by {@code token:{token}}: that key expires with its user, and a token
 * whose key has expired still belongs to its user, who may be renewed. Create and update check and
 * change the index in the same script that writes the user.
 */
@ApplicationScoped
public class UserRepository {
  static final String ALL = "users:all";
  static final String OWNERS = "tokens:owners";

  /** Outcome of a write script. */
  public enum Write {
    OK,
    USER_EXISTS,
    TOKEN_TAKEN,
    CONFLICT
  }

  private static final String HELPERS =
      """
      local function owner(owners, token, key)
        local indexed = redis.call('HGET', owners, token)
        if indexed then return indexed end
        local raw = redis.call('GET', key)
        if not raw then return nil end
        local ok, grant = pcall(cjson.decode, raw)
        if ok and type(grant) == 'table' then return grant.username end
        return nil
      end
      local function write_token(key, json, ttl)
        if ttl == 'expired' then redis.call('DEL', key)
        elseif ttl == 'persist' then redis.call('SET', key, json)
        else redis.call('SET', key, json, 'EX', tonumber(ttl)) end
      end
      """;

  // KEYS: user, token, users:all, tokens:owners  ARGV: user json, token json, ttl, username, token
  private static final LuaScript CREATE =
      new LuaScript(
          HELPERS
              + """
              if redis.call('EXISTS', KEYS[1]) == 1 then return 'USER_EXISTS' end
              local holder = owner(KEYS[4], ARGV[5], KEYS[2])
              if holder and holder ~= ARGV[4] then return 'TOKEN_TAKEN' end
              redis.call('SET', KEYS[1], ARGV[1])
              write_token(KEYS[2], ARGV[2], ARGV[3])
              redis.call('SADD', KEYS[3], ARGV[4])
              redis.call('HSET', KEYS[4], ARGV[5], ARGV[4])
              return 'OK'
              """);

  // KEYS: user, new token, old token, users:all, tokens:owners
  // ARGV: expected json, user json, token json, ttl, username, new token, old token
  private static final LuaScript UPDATE =
      new LuaScript(
          HELPERS
              + """
              if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'CONFLICT' end
              local holder = owner(KEYS[5], ARGV[6], KEYS[2])
              if holder and holder ~= ARGV[5] then return 'TOKEN_TAKEN' end
              if KEYS[2] ~= KEYS[3] then
                if owner(KEYS[5], ARGV[7], KEYS[3]) == ARGV[5] then
                  redis.call('DEL', KEYS[3])
                  redis.call('HDEL', KEYS[5], ARGV[7])
                end
              end
              redis.call('SET', KEYS[1], ARGV[2])
              write_token(KEYS[2], ARGV[3], ARGV[4])
              redis.call('SADD', KEYS[4], ARGV[5])
              redis.call('HSET', KEYS[5], ARGV[6], ARGV[5])
              return 'OK'
              """);

  // KEYS: user, token, users:all, tokens:owners  ARGV: expected json, username, token
  private static final LuaScript DELETE =
      new LuaScript(
          HELPERS
              + """
              if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'CONFLICT' end
              redis.call('DEL', KEYS[1])
              if owner(KEYS[4], ARGV[3], KEYS[2]) == ARGV[2] then
                redis.call('DEL', KEYS[2])
                redis.call('HDEL', KEYS[4], ARGV[3])
              end
              redis.call('SREM', KEYS[3], ARGV[2])
              return 'OK'
              """);

  // Builds tokens:owners from the users a Redis holds (written before the index existed, or by the
  // reference system). KEYS: users:all, tokens:owners. Returns how many entries it added.
  private static final LuaScript INDEX =
      new LuaScript(
          """
          -- Built already (every write keeps one entry per user): do not walk every user again,
          -- which would block Redis for as long on every deployment.
          if redis.call('HLEN', KEYS[2]) >= redis.call('SCARD', KEYS[1]) then return 0 end
          local added = 0
          for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local raw = redis.call('GET', 'user:' .. name)
            if raw then
              local ok, user = pcall(cjson.decode, raw)
              if ok and type(user) == 'table' and type(user.token) == 'string' then
                added = added + redis.call('HSETNX', KEYS[2], user.token, name)
              end
            end
          end
          return added
          """);

  @Inject Redis redis;
  @Inject Clock clock;

  /** A user together with the exact JSON it was read from, for compare-and-set writes. */
  public record Stored(User user, String json) {}

  public Optional<Stored> find(Username username) {
    String json = redis.call(j -> j.get(userKey(username.value())));
    return json == null
        ? Optional.empty()
        : Optional.of(new Stored(User.fromStoredJson(json), json));
  }

  public List<User> findAll() {
    return redis.call(
        jedis -> {
          List<String> keys = jedis.smembers(ALL).stream().map(UserRepository::userKey).toList();
          if (keys.isEmpty()) {
            return List.of();
          }
          List<User> users = new ArrayList<>();
          for (String json : jedis.mget(keys.toArray(String[]::new))) {
            if (json != null) {
              users.add(User.fromStoredJson(json));
            }
          }
          users.sort(Comparator.comparing(User::username));
          return users;
        });
  }

  public Optional<TokenGrant> findGrant(Token token) {
    String json = redis.call(j -> j.get(tokenKey(token.value())));
    return json == null ? Optional.empty() : Optional.of(TokenGrant.fromJson(json));
  }

  public Write create(User user) {
    List<String> keys = List.of(userKey(user.username()), tokenKey(user.token()), ALL, OWNERS);
    List<String> args =
        List.of(
            user.toStoredJson(),
            user.toTokenJson(),
            ttlArgument(user),
            user.username(),
            user.token());
    return run(CREATE, keys, args);
  }

  public Write update(Stored current, User changed) {
    List<String> keys =
        List.of(
            userKey(changed.username()),
            tokenKey(changed.token()),
            tokenKey(current.user().token()),
            ALL,
            OWNERS);
    List<String> args =
        List.of(
            current.json(),
            changed.toStoredJson(),
            changed.toTokenJson(),
            ttlArgument(changed),
            changed.username(),
            changed.token(),
            current.user().token());
    return run(UPDATE, keys, args);
  }

  public Write delete(Stored current) {
    User user = current.user();
    List<String> keys = List.of(userKey(user.username()), tokenKey(user.token()), ALL, OWNERS);
    return run(DELETE, keys, List.of(current.json(), user.username(), user.token()));
  }

  /**
   * Adds every stored user's token to the ownership index where it is missing; returns how many.
   */
  public long indexTokens() {
    return ((Number) redis.call(j -> INDEX.run(j, List.of(ALL, OWNERS), List.of()))).longValue();
  }

  private Write run(LuaScript script, List<String> keys, List<String> args) {
    Object result = redis.call(jedis -> script.run(jedis, keys, args));
    return Write.valueOf(Objects.toString(result));
  }

  /** "persist" (no expiry), "expired" (the token key must go) or the TTL in seconds. */
  String ttlArgument(User user) {
    return user.expiry()
        .map(
            expiry -> {
              long ttl = Expiry.ttlSeconds(expiry, clock.now());
              return ttl == 0 ? "expired" : Long.toString(ttl);
            })
        .orElse("persist");
  }

  public static String userKey(String username) {
    return "user:" + username;
  }

  public static String tokenKey(String token) {
    return "token:" + token;
  }
}
