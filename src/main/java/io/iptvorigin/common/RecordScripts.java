package io.iptvorigin.common;

/**
 * The compare-and-set writes of a JSON record kept under its own key and listed in a set, shared by
 * the stores that keep records so (channels, providers). KEYS: record, set, and optionally a
 * revision counter every write bumps in the same script. Each returns OK, EXISTS (create) or
 * CONFLICT (the record is not the JSON the caller read: another write came between).
 */
public final class RecordScripts {
  // ARGV: json, id
  public static final LuaScript CREATE =
      new LuaScript(
          """
          if redis.call('EXISTS', KEYS[1]) == 1 then return 'EXISTS' end
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('SADD', KEYS[2], ARGV[2])
          if KEYS[3] then redis.call('INCR', KEYS[3]) end
          return 'OK'
          """);

  // ARGV: expected json, new json, id
  public static final LuaScript UPDATE =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'CONFLICT' end
          redis.call('SET', KEYS[1], ARGV[2])
          redis.call('SADD', KEYS[2], ARGV[3])
          if KEYS[3] then redis.call('INCR', KEYS[3]) end
          return 'OK'
          """);

  // ARGV: expected json, id
  public static final LuaScript DELETE =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'CONFLICT' end
          redis.call('DEL', KEYS[1])
          redis.call('SREM', KEYS[2], ARGV[2])
          if KEYS[3] then redis.call('INCR', KEYS[3]) end
          return 'OK'
          """);

  private RecordScripts() {}
}
