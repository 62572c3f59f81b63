package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Redis;
import io.iptvorigin.provider.ProviderSettings;
import io.iptvorigin.provider.ProviderSlots;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Every second: stops this node's channels another node displaced ({@code stream:{id}:evict}).
 * Every {@code iptv.provider.slot-ttl} / 4: renews the provider slot of every channel this node
 * runs, stopping a channel whose slot is lost (it expired, say through a long Redis outage, or the
 * provider's limit was lowered below its running channels), and claims a slot for a running channel
 * that counts against a provider without holding one (adopted after a redeploy, or given a provider
 * while it ran), stopping it if the provider is full. Non-persistent: a missed run happens a second
 * later.
 */
@Singleton
public class ProviderSlotKeeper {
  private static final Logger LOG = Logger.getLogger(ProviderSlotKeeper.class.getName());

  @Inject ProviderLeases leases;
  @Inject ProviderSlots slots;
  @Inject ProviderSettings settings;
  @Inject ChannelStreams streams;
  @Inject StreamStopper stopper;
  @Inject Redis redis;
  @Inject Clock clock;

  private Instant nextRenewal = Instant.MIN;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void tick() {
    if (streams.closed()) {
      return;
    }
    try {
      honourStopRequests();
      Instant now = clock.now();
      if (!now.isBefore(nextRenewal)) {
        nextRenewal = now.plus(settings.renewInterval());
        renewHeld();
        claimForUnheld();
      }
    } catch (RuntimeException e) {
      LOG.warning("provider slot sweep failed reason=\"" + e.getMessage() + "\"");
    }
  }

  private void honourStopRequests() {
    Map<String, ProviderLeases.Slot> held = leases.held();
    for (String id : leases.stopsRequested(held.keySet())) {
      stopper.stop(id, "provider-evicted");
    }
  }

  private void renewHeld() {
    for (ProviderLeases.Slot slot : leases.held().values()) {
      String id = slot.channelId();
      if (streams.get(id) == null) {
        leases.release(id); // the stream ended without giving its slot back
      } else if (!slots.renew(slot.providerId(), id) && leases.forget(slot)) {
        LOG.warning("provider slot lost provider=" + slot.providerId() + " channel=" + id);
        stopper.stop(id, "provider-slot-lost");
      }
    }
  }

  private void claimForUnheld() {
    Set<String> held = leases.held().keySet();
    List<String> unheld = new ArrayList<>();
    for (String id : streams.ids()) {
      ChannelStream stream = streams.get(id);
      if (!held.contains(id) && stream != null && runs(stream)) {
        unheld.add(id);
      }
    }
    if (unheld.isEmpty()) {
      return;
    }
    String[] keys = unheld.stream().map(ChannelRepository::channelKey).toArray(String[]::new);
    List<String> records = redis.call(j -> j.mget(keys));
    for (int i = 0; i < unheld.size(); i++) {
      String provider =
          records.get(i) == null
              ? null
              : Channel.fromStoredJson(records.get(i)).resilience().provider();
      if (provider != null) {
        claim(provider, unheld.get(i));
      }
    }
  }

  private void claim(String provider, String channelId) {
    ProviderSlots.Acquisition acquisition = slots.acquire(provider, channelId);
    switch (acquisition.outcome()) {
      case ACQUIRED, RENEWED -> {
        leases.hold(
            new ProviderLeases.Slot(
                provider, channelId, acquisition.outcome() == ProviderSlots.Outcome.ACQUIRED));
        LOG.info("provider slot claimed provider=" + provider + " channel=" + channelId);
      }
      case FULL -> {
        LOG.warning(
            "provider slot refused provider="
                + provider
                + " channel="
                + channelId
                + " reason=full");
        stopper.stop(channelId, "provider-slot-lost");
      }
      case UNKNOWN -> {
        // Deleted while the channel still named it: nothing to count against.
      }
    }
  }

  private static boolean runs(ChannelStream stream) {
    synchronized (stream) {
      return stream.state == ChannelStream.State.RUNNING
          || stream.state == ChannelStream.State.BACKOFF;
    }
  }
}
