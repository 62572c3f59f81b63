package io.iptvorigin.cluster;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import redis.clients.jedis.Pipeline;

/**
 * The origin nodes sharing this Redis, by their heartbeats: {@code node:{id}} holds the address
 * (IPv4 {@code host:port}) where the node's nginx serves its channel files to other nodes, and
 * expires {@value #TTL_SECONDS} s after the node's last beat ({@link NodeHeartbeat}); {@code
 * node:{id}:draining} exists, with the same expiry, while the node hands its channels to the others
 * ({@link NodeDraining}); the set {@code nodes} names every node that beat, so the live ones can be
 * listed without a key scan. A node that stopped beating is gone: nobody sends viewers its way.
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

  static final String MEMBERS = "nodes";

  /** A live node: its id, its peer address (empty if it gave none), whether it drains. */
  public record Peer(String id, String address, boolean draining) {}

  static String key(String nodeId) {
    return "node:" + nodeId;
  }

  static String drainingKey(String nodeId) {
    return key(nodeId) + ":draining";
  }

  /** Whether node {@code nodeId} is handing its channels over (and takes no new ones). */
  public boolean draining(String nodeId) {
    return redis.call(j -> j.exists(drainingKey(nodeId)));
  }

  /**
   * The live nodes, in id order, in two round trips. Members whose heartbeat expired are dropped
   * from the set.
   */
  public List<Peer> peers() {
    return redis.call(
        j -> {
          List<String> ids = j.smembers(MEMBERS).stream().sorted().toList();
          Pipeline p = j.pipelined();
          List<redis.clients.jedis.Response<String>> addresses = new ArrayList<>();
          List<redis.clients.jedis.Response<Boolean>> draining = new ArrayList<>();
          for (String id : ids) {
            addresses.add(p.get(key(id)));
            draining.add(p.exists(drainingKey(id)));
          }
          p.sync();
          List<Peer> live = new ArrayList<>();
          List<String> gone = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            String address = addresses.get(i).get();
            if (address == null) {
              gone.add(ids.get(i));
            } else {
              live.add(new Peer(ids.get(i), address, draining.get(i).get()));
            }
          }
          if (!gone.isEmpty()) {
            j.srem(MEMBERS, gone.toArray(String[]::new));
          }
          return live;
        });
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

  void beat(String nodeId, String address, boolean draining) {
    redis.call(
        j -> {
          Pipeline pipeline = j.pipelined();
          pipeline.setex(key(nodeId), TTL_SECONDS, address);
          pipeline.sadd(MEMBERS, nodeId);
          if (draining) {
            pipeline.setex(drainingKey(nodeId), TTL_SECONDS, "1");
          } else {
            pipeline.del(drainingKey(nodeId));
          }
          pipeline.sync();
          return null;
        });
  }
}
