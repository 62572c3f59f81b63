package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which node runs a channel: {@code stream:{id}:owner}, a lease (SET NX with expiry) every node
 * checks before it starts FFmpeg, so two nodes never run one channel for longer than a lease.
 */
@ApplicationScoped
public class OwnerLeases {
  // KEYS: owner  ARGV: node, ttl seconds. Takes a free lease, or renews our own.
  private static final LuaScript LEASE =
      new LuaScript(
          """
          local holder = redis.call('GET', KEYS[1])
          if holder and holder ~= ARGV[1] then return holder end
          redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
          return 'OK'
          """);

  // KEYS: owners...  ARGV: node, ttl seconds. Renews (or takes, if free) each; returns the
  // 1-based indexes of those another node holds.
  private static final LuaScript RENEW_ALL =
      new LuaScript(
          """
          local lost = {}
          for i, key in ipairs(KEYS) do
            local holder = redis.call('GET', key)
            if holder and holder ~= ARGV[1] then
              lost[#lost + 1] = i
            else
              redis.call('SET', key, ARGV[1], 'EX', tonumber(ARGV[2]))
            end
          end
          return lost
          """);

  // KEYS: owner  ARGV: node. Frees the lease only if that node still holds it.
  private static final LuaScript RELEASE_IF_HELD =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
          return 0
          """);

  /**
   * The owner lease: renewed every 3 s ({@link OwnerLeaseRenewal}), so a dead node's channels are
   * free for another node within 10 s.
   */
  static final int LEASE_SECONDS = 10;

  @Inject Redis redis;

  /** Takes or renews this node's lease on the channel; returns the other holder if there is one. */
  public Optional<String> lease(String channelId, String node) {
    Object result =
        redis.call(
            j ->
                LEASE.run(
                    j,
                    List.of(StreamState.key(channelId, "owner")),
                    List.of(node, Integer.toString(LEASE_SECONDS))));
    return "OK".equals(result) ? Optional.empty() : Optional.of(String.valueOf(result));
  }

  // KEYS: owner  ARGV: from, to, ttl seconds. Moves the lease from a draining node to another.
  private static final LuaScript HAND_OVER =
      new LuaScript(
          """
          local holder = redis.call('GET', KEYS[1])
          if holder and holder ~= ARGV[1] and holder ~= ARGV[2] then return 0 end
          redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
          return 1
          """);

  /**
   * Takes the channel's lease for {@code to} if {@code from} holds it (or nobody does); false when
   * a third node holds it.
   */
  public boolean handOver(String channelId, String from, String to) {
    Object moved =
        redis.call(
            j ->
                HAND_OVER.run(
                    j,
                    List.of(StreamState.key(channelId, "owner")),
                    List.of(from, to, Integer.toString(LEASE_SECONDS))));
    return Long.valueOf(1).equals(moved);
  }

  /** Frees the channel's lease if {@code node} (a dead one) holds it; a newer holder keeps it. */
  public void releaseIfHeldBy(String channelId, String node) {
    redis.call(
        j -> RELEASE_IF_HELD.run(j, List.of(StreamState.key(channelId, "owner")), List.of(node)));
  }

  /** The node holding the channel's lease, if any. */
  public Optional<String> ownerOf(String channelId) {
    return Optional.ofNullable(redis.call(j -> j.get(StreamState.key(channelId, "owner"))));
  }

  /**
   * Renews this node's leases on {@code channelIds} in one pipeline; returns those another node
   * holds now (this node lost them: Redis lost the key, or it expired while this node stalled).
   */
  public Set<String> renewAll(java.util.Collection<String> channelIds, String node) {
    if (channelIds.isEmpty()) {
      return Set.of();
    }
    List<String> ids = List.copyOf(channelIds);
    List<String> keys = ids.stream().map(id -> StreamState.key(id, "owner")).toList();
    List<?> lost =
        redis.call(
            j -> (List<?>) RENEW_ALL.run(j, keys, List.of(node, Integer.toString(LEASE_SECONDS))));
    Set<String> result = new java.util.HashSet<>();
    lost.forEach(index -> result.add(ids.get(Integer.parseInt(String.valueOf(index)) - 1)));
    return result;
  }
}
