package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.common.ApiException;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps {@code always_on} channels running with no viewers: every 15 s (the first pass right after
 * the deployment has adopted what already runs), each enabled always-on channel that no node runs
 * is started here. A start another node holds the lease for is that node's; one refused for its
 * cool-down is tried again on a later pass. The idle reaper leaves these channels alone ({@link
 * #contains}), and {@link RestartPolicy} never gives them up.
 */
@Singleton
@Startup
public class AlwaysOnChannels {
  private static final Logger LOG = Logger.getLogger(AlwaysOnChannels.class.getName());

  @Inject ChannelRepository channels;
  @Inject StreamSupervisor supervisor;
  @Inject StreamState state;
  @Inject NodeDraining draining;

  private volatile Set<ChannelId> ids = Set.of();

  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void keepRunning() {
    // A draining node hands its channels over: the other nodes' passes start them there.
    if (draining.active()) {
      return;
    }
    try {
      ids =
          channels.snapshot().channels().stream()
              .filter(c -> c.active() && c.resilience().alwaysOn())
              .map(c -> new ChannelId(c.id()))
              .collect(Collectors.toUnmodifiableSet());
      Set<String> running = state.activeIds();
      for (ChannelId id : ids) {
        if (!supervisor.supervises(id) && !running.contains(id.value())) {
          start(id);
        }
      }
    } catch (RuntimeException e) {
      LOG.warning("always-on pass failed reason=\"" + e.getMessage() + "\"");
    }
  }

  private void start(ChannelId id) {
    try {
      supervisor.start(id, "always-on");
    } catch (ApiException e) {
      // Running on another node, cooling down after failures, or just deleted: a later pass.
      LOG.fine("always-on start deferred channel=" + id + " reason=\"" + e.getMessage() + "\"");
    }
  }

  /** Whether the channel was always-on at the last pass. */
  public boolean contains(ChannelId id) {
    return ids.contains(id);
  }
}
