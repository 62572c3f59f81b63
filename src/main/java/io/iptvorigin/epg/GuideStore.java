package io.iptvorigin.epg;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Pipeline;

/**
 * The ingested guides in Redis: per source, generations of a hash from XMLTV channel id to its
 * programmes. A refresh writes a new generation beside the one in use and then switches the
 * source's pointer in one script, so readers see the old guide or the new one, never a mix; the old
 * generation expires a while later, once renders that started on it have ended.
 */
@ApplicationScoped
public class GuideStore {
  static final int OLD_GUIDE_SECONDS = 600;
  private static final int FIELDS_PER_CALL = 500;

  // KEYS: current, status, revision, new guide, sources  ARGV: new guide key, status json, id,
  // old-guide seconds. Refused (0) when the source was deleted meanwhile: its new guide goes too.
  private static final LuaScript SWITCH =
      new LuaScript(
          """
          if redis.call('HEXISTS', KEYS[5], ARGV[3]) == 0 then
            redis.call('DEL', KEYS[4])
            return 0
          end
          local old = redis.call('GET', KEYS[1])
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('SET', KEYS[2], ARGV[2])
          redis.call('INCR', KEYS[3])
          if old and old ~= ARGV[1] then redis.call('EXPIRE', old, tonumber(ARGV[4])) end
          return 1
          """);

  @Inject Redis redis;

  /** The guides in use: the revision they make together and each source's hash, in id order. */
  public record Snapshot(long revision, List<String> guideKeys) {}

  /** A fresh generation of {@code sourceId}'s guide to write into. */
  long newGeneration(String sourceId) {
    return redis.call(jedis -> jedis.incr(EpgKeys.generation(sourceId)));
  }

  /** Writes channels' programmes into a generation that is not in use yet. */
  void write(String sourceId, long generation, Map<String, byte[]> programmesByChannel) {
    byte[] key = EpgKeys.guide(sourceId, generation).getBytes(StandardCharsets.UTF_8);
    redis.call(
        jedis -> {
          Pipeline pipeline = jedis.pipelined();
          Map<byte[], byte[]> batch = new HashMap<>();
          for (Map.Entry<String, byte[]> e : programmesByChannel.entrySet()) {
            batch.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
            if (batch.size() == FIELDS_PER_CALL) {
              pipeline.hset(key, batch);
              batch = new HashMap<>();
            }
          }
          if (!batch.isEmpty()) {
            pipeline.hset(key, batch);
          }
          pipeline.sync();
          return null;
        });
  }

  /**
   * Puts the generation in use, with the status saying so; false (and the generation deleted) when
   * the source was deleted while it was being read.
   */
  boolean switchTo(String sourceId, long generation, EpgSourceStatus status) {
    String guide = EpgKeys.guide(sourceId, generation);
    Object done =
        redis.call(
            jedis ->
                SWITCH.run(
                    jedis,
                    List.of(
                        EpgKeys.current(sourceId),
                        EpgKeys.status(sourceId),
                        EpgKeys.REVISION,
                        guide,
                        EpgKeys.SOURCES),
                    List.of(
                        guide,
                        status.toStoredJson(),
                        sourceId,
                        Integer.toString(OLD_GUIDE_SECONDS))));
    return Long.valueOf(1).equals(done);
  }

  /** Deletes a generation a failed refresh wrote part of. */
  void discard(String sourceId, long generation) {
    redis.call(jedis -> jedis.unlink(EpgKeys.guide(sourceId, generation)));
  }

  /** The guides in use now, in source id order. */
  public Snapshot snapshot() {
    return redis.call(
        jedis -> {
          String revision = jedis.get(EpgKeys.REVISION);
          List<String> ids = new ArrayList<>(jedis.hkeys(EpgKeys.SOURCES));
          ids.sort(null);
          List<String> keys = new ArrayList<>();
          if (!ids.isEmpty()) {
            List<String> pointers =
                jedis.mget(ids.stream().map(EpgKeys::current).toArray(String[]::new));
            pointers.stream().filter(p -> p != null).forEach(keys::add);
          }
          return new Snapshot(revision == null ? 0 : Long.parseLong(revision), keys);
        });
  }

  /** Which of these XMLTV channels some guide in use has (one pipelined round trip per guide). */
  public Set<String> present(Snapshot snapshot, List<String> channelIds) {
    Set<String> found = new HashSet<>();
    for (String guide : snapshot.guideKeys()) {
      List<String> missing = channelIds.stream().filter(id -> !found.contains(id)).toList();
      if (missing.isEmpty()) {
        break;
      }
      List<Object> replies =
          redis.call(
              jedis -> {
                Pipeline pipeline = jedis.pipelined();
                missing.forEach(id -> pipeline.hexists(guide, id));
                return pipeline.syncAndReturnAll();
              });
      for (int i = 0; i < missing.size(); i++) {
        if (Boolean.TRUE.equals(replies.get(i))) {
          found.add(missing.get(i));
        }
      }
    }
    return found;
  }

  /**
   * The stored programmes of these XMLTV channels: for each, from the first guide (in source order)
   * that has it. Channels no guide has are absent.
   */
  public Map<String, byte[]> programmes(Snapshot snapshot, List<String> channelIds) {
    Map<String, byte[]> found = new HashMap<>();
    if (channelIds.isEmpty()) {
      return found;
    }
    for (String guide : snapshot.guideKeys()) {
      List<String> missing = channelIds.stream().filter(id -> !found.containsKey(id)).toList();
      if (missing.isEmpty()) {
        break;
      }
      byte[] key = guide.getBytes(StandardCharsets.UTF_8);
      for (int from = 0; from < missing.size(); from += FIELDS_PER_CALL) {
        List<String> part = missing.subList(from, Math.min(missing.size(), from + FIELDS_PER_CALL));
        byte[][] fields =
            part.stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        List<byte[]> values = redis.call(jedis -> jedis.hmget(key, fields));
        for (int i = 0; i < part.size(); i++) {
          if (values.get(i) != null) {
            found.put(part.get(i), values.get(i));
          }
        }
      }
    }
    return found;
  }
}
