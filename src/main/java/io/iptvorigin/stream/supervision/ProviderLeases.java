package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.Redis;
import io.iptvorigin.provider.ProviderSettings;
import io.iptvorigin.provider.ProviderSlots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import redis.clients.jedis.params.SetParams;

/**
 * The provider slots this node holds for the channels it runs, and the stop requests other nodes
 * leave for them ({@code stream:{id}:evict}). A slot is held from the start until the stream's keys
 * are released, across restarts: a restart is not a new connection.
 */
@ApplicationScoped
public class ProviderLeases {
  private static final Logger LOG = Logger.getLogger(ProviderLeases.class.getName());

  @Inject ProviderSlots slots;
  @Inject ProviderSettings settings;
  @Inject Redis redis;

  private final Map<String, Slot> held = new ConcurrentHashMap<>();

  /**
   * A slot of {@code providerId} for a channel; {@code fresh} when the start took it, rather than
   * finding it held already (by an earlier run here, or by the node that runs the channel).
   */
  record Slot(String providerId, String channelId, boolean fresh) {}

  /** The start went ahead: the slot is renewed from now on and released with the stream. */
  void hold(Slot slot) {
    held.put(slot.channelId(), slot);
  }

  /** The start did not go ahead: gives back the slot it took, never one it found held. */
  void abandon(Slot slot) {
    held.remove(slot.channelId(), slot);
    if (slot.fresh()) {
      slots.release(slot.providerId(), slot.channelId());
    }
  }

  /** The channel's stream ended here but its slot is another node's now: forgotten, not freed. */
  void forget(String channelId) {
    held.remove(channelId);
  }

  /**
   * The channel's stream ended here: its slot goes back at once (the next start of the provider
   * needs it now, not when the lease expires) and a stop request for it is void. A Redis failure
   * only delays that to the lease's expiry, so it never fails the stop.
   */
  void release(String channelId) {
    Slot slot = held.remove(channelId);
    if (slot == null) {
      return;
    }
    try {
      slots.release(slot.providerId(), channelId);
      redis.call(j -> j.del(evictKey(channelId)));
    } catch (RuntimeException e) {
      LOG.warning(
          "provider slot not released channel="
              + channelId
              + " provider="
              + slot.providerId()
              + " reason=\""
              + e.getMessage()
              + "\" effect=free when its lease expires");
    }
  }

  /** The slot no longer counts (lost in Redis): forgotten without touching Redis. */
  boolean forget(Slot slot) {
    return held.remove(slot.channelId(), slot);
  }

  boolean holds(Slot slot) {
    return held.get(slot.channelId()) == slot;
  }

  Map<String, Slot> held() {
    return Map.copyOf(held);
  }

  /** Asks whichever node runs the channel to stop it (it checks every second). */
  void requestStop(String channelId, String byNode) {
    long millis = settings.evictionWait().plusSeconds(2).toMillis();
    redis.call(j -> j.set(evictKey(channelId), byNode, SetParams.setParams().px(millis)));
  }

  /** Those of {@code channelIds} another node asked to be stopped, in one round trip. */
  Set<String> stopsRequested(Collection<String> channelIds) {
    List<String> ids = List.copyOf(channelIds);
    if (ids.isEmpty()) {
      return Set.of();
    }
    String[] keys = ids.stream().map(ProviderLeases::evictKey).toArray(String[]::new);
    List<String> values = redis.call(j -> j.mget(keys));
    Set<String> requested = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (values.get(i) != null) {
        requested.add(ids.get(i));
      }
    }
    return requested;
  }

  static String evictKey(String channelId) {
    return StreamState.key(channelId, "evict");
  }
}
