package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.common.Clock;
import io.iptvorigin.provider.ProviderSettings;
import io.iptvorigin.provider.ProviderSlots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Lets a start through its channel's provider limit. A free slot is taken at once. When every slot
 * is held, one channel {@link EvictionChoice} allows is stopped first (on this node directly, on
 * another through a stop request its keeper honours within a second) and the start goes on once
 * that channel's slot is back, which is after its FFmpeg has exited: the provider never sees two
 * connections where it allows one. No channel may go, or none freed its slot within {@code
 * iptv.provider.eviction-wait}: the start is refused with 503.
 */
@ApplicationScoped
public class ProviderAdmission {
  private static final Logger LOG = Logger.getLogger(ProviderAdmission.class.getName());
  private static final long RETRY_MILLIS = 100;

  @Inject ProviderSlots slots;
  @Inject ProviderLeases leases;
  @Inject ProviderSettings settings;
  @Inject HolderActivity activity;
  @Inject ChannelStreams streams;
  @Inject StreamStopper stopper;
  @Inject Clock clock;

  /**
   * The channel's slot: completed at once when one is free (empty when the channel counts against
   * no provider), later when another channel must stop first. Throws {@link ProviderFullException}
   * when no channel may be stopped for this start.
   */
  CompletableFuture<Optional<ProviderLeases.Slot>> admit(Channel channel, Viewer requester) {
    String provider = channel.resilience().provider();
    if (provider == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    ProviderSlots.Acquisition first = slots.acquire(provider, channel.id());
    if (first.outcome() != ProviderSlots.Outcome.FULL) {
      return CompletableFuture.completedFuture(slot(provider, channel.id(), first));
    }
    Instant now = clock.now();
    String victim =
        EvictionChoice.choose(
                activity.of(first.holders()), requester, now, settings.evictionGrace())
            .orElseThrow(
                () ->
                    new ProviderFullException(
                        provider,
                        "all its channels are being watched",
                        settings.evictionGrace().toSeconds()));
    Instant deadline = now.plus(settings.evictionWait());
    // Off the caller's thread and lock: a stop takes as long as FFmpeg takes to exit.
    return CompletableFuture.supplyAsync(
            () -> displace(provider, victim, channel), streams.workers())
        .thenCompose(stopped -> stopped)
        .handle((done, error) -> null)
        .thenCompose(v -> acquireBy(provider, channel.id(), deadline));
  }

  private CompletableFuture<?> displace(String provider, String victim, Channel channel) {
    boolean local = streams.get(victim) != null;
    LOG.info(
        String.format(
            "provider evict provider=%s channel=%s for=%s on=%s",
            provider, victim, channel.id(), local ? "this-node" : "owner-node"));
    if (local) {
      return stopper.stop(victim, "provider-evicted");
    }
    leases.requestStop(victim, streams.node());
    return CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Optional<ProviderLeases.Slot>> acquireBy(
      String provider, String channelId, Instant deadline) {
    ProviderSlots.Acquisition attempt = slots.acquire(provider, channelId);
    if (attempt.outcome() != ProviderSlots.Outcome.FULL) {
      return CompletableFuture.completedFuture(slot(provider, channelId, attempt));
    }
    if (!clock.now().isBefore(deadline)) {
      return CompletableFuture.failedFuture(
          new ProviderFullException(
              provider, "the channel it was to replace did not stop in time", 2));
    }
    Executor later =
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, streams.workers());
    return CompletableFuture.supplyAsync(() -> null, later)
        .thenCompose(v -> acquireBy(provider, channelId, deadline));
  }

  private static Optional<ProviderLeases.Slot> slot(
      String provider, String channelId, ProviderSlots.Acquisition acquisition) {
    if (acquisition.outcome() == ProviderSlots.Outcome.UNKNOWN) {
      LOG.warning(
          "provider unknown provider="
              + provider
              + " channel="
              + channelId
              + " effect=started without a connection limit");
      return Optional.empty();
    }
    return Optional.of(
        new ProviderLeases.Slot(
            provider, channelId, acquisition.outcome() == ProviderSlots.Outcome.ACQUIRED));
  }
}
