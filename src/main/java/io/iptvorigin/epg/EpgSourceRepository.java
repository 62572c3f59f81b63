package io.iptvorigin.epg;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guide sources and their status, in Redis ({@link EpgKeys}). */
@ApplicationScoped
public class EpgSourceRepository {
  // KEYS: sources, revision, status, current, generation  ARGV: id, json
  // The guide of a deleted source expires instead of going at once: a render reading it now ends.
  private static final LuaScript DELETE =
      new LuaScript(
          """
          if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
          local guide = redis.call('GET', KEYS[4])
          if guide then redis.call('EXPIRE', guide, 600) end
          redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
          redis.call('INCR', KEYS[2])
          return 1
          """);

  // KEYS: sources  ARGV: id, json
  private static final LuaScript UPDATE =
      new LuaScript(
          """
          if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
          return 1
          """);

  @Inject Redis redis;

  /** Every source in id order: the order a channel's guide is looked up in. */
  public List<EpgSource> list() {
    Map<String, String> all = redis.call(jedis -> jedis.hgetAll(EpgKeys.SOURCES));
    List<EpgSource> sources = new ArrayList<>();
    all.values().forEach(json -> sources.add(EpgSource.fromStoredJson(json)));
    sources.sort(Comparator.comparing(EpgSource::id));
    return sources;
  }

  public Optional<EpgSource> find(String id) {
    return Optional.ofNullable(redis.call(jedis -> jedis.hget(EpgKeys.SOURCES, id)))
        .map(EpgSource::fromStoredJson);
  }

  /** False when a source with that id exists already. */
  boolean create(EpgSource source) {
    return redis.call(jedis -> jedis.hsetnx(EpgKeys.SOURCES, source.id(), source.toStoredJson()))
        == 1;
  }

  /** False when there is no such source. */
  boolean update(EpgSource source) {
    Object done =
        redis.call(
            jedis ->
                UPDATE.run(
                    jedis, List.of(EpgKeys.SOURCES), List.of(source.id(), source.toStoredJson())));
    return Long.valueOf(1).equals(done);
  }

  /** The source, its status and its guide; false when there was no such source. */
  boolean delete(String id) {
    Object done =
        redis.call(
            jedis ->
                DELETE.run(
                    jedis,
                    List.of(
                        EpgKeys.SOURCES,
                        EpgKeys.REVISION,
                        EpgKeys.status(id),
                        EpgKeys.current(id),
                        EpgKeys.generation(id)),
                    List.of(id)));
    return Long.valueOf(1).equals(done);
  }

  public EpgSourceStatus status(String id) {
    return EpgSourceStatus.fromStoredJson(redis.call(jedis -> jedis.get(EpgKeys.status(id))));
  }

  /** Written only while the source exists: a refresh ending after a delete leaves nothing. */
  void saveStatus(String id, EpgSourceStatus status) {
    redis.call(
        jedis -> {
          if (jedis.hexists(EpgKeys.SOURCES, id)) {
            jedis.set(EpgKeys.status(id), status.toStoredJson());
          }
          return null;
        });
  }
}
