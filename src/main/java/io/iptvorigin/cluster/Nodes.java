package io.iptvorigin.cluster;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The origin nodes sharing this Redis, by their heartbeats: {@code node:{id}} holds the address
 * (IPv4 {@code host:port}) where the node's nginx serves its channel files to other nodes, and
 * expires {@value #TTL_SECONDS} s after the node's last beat ({@link NodeHeartbeat}). A node that
 * stopped beating is gone: nobody sends viewers its way.
 */
@ApplicationScoped
public class Nodes {
  static final int TTL_SECONDS = 10;

  /**
   * What nginx may proxy to (its {@code /_peer/} location takes the same): an IPv4 literal and a
   * port, so no resolver is needed and no name can lead anywhere else.
   */
  public static final Pattern ADDRESS =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}:[0-9]{1,5}");

  // KEYS: node  ARGV: address. Deletes the heartbeat only if it still names that address: a node
  // that came back (and beat again) is not forgotten.
  private static final LuaScript FORGET =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
          return 0
          """);

  @Inject Redis redis;

  static String key(String nodeId) {
    return "node:" + nodeId;
  }

  /** Where node {@code nodeId} serves its files to other nodes, if it is alive and says. */
  public Optional<String> peerAddress(String nodeId) {
    String address = redis.call(j -> j.get(key(nodeId)));
    return Optional.ofNullable(address).filter(a -> ADDRESS.matcher(a).matches());
  }

  /** Whether node {@code nodeId} has beaten within {@value #TTL_SECONDS} s. */
  public boolean alive(String nodeId) {
    return redis.call(j -> j.exists(key(nodeId)));
  }

  /**
   * Forgets node {@code nodeId}, found unreachable at {@code address} before its heartbeat expired:
   * its channels start elsewhere at once instead of after up to {@value #TTL_SECONDS} s. A node
   * that is alive after all beats again within 3 s, and learns from its leases that its channels
   * moved.
   */
  public void forget(String nodeId, String address) {
    redis.call(j -> FORGET.run(j, List.of(key(nodeId)), List.of(address)));
  }

  void beat(String nodeId, String address) {
    redis.call(j -> j.setex(key(nodeId), TTL_SECONDS, address));
  }

  void leave(String nodeId) {
    redis.call(j -> j.del(key(nodeId)));
  }
}
