package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Every 15 s: stops this node's channels nobody has asked for within {@code
 * iptv.stream.idle-timeout} (always-on channels excepted) and keeps FFmpeg logs bounded (the leases
 * are {@link OwnerLeaseRenewal}'s). Non-persistent: a missed run simply happens 15 s later.
 */
@Singleton
public class IdleStreamReaper {
  private static final Logger LOG = Logger.getLogger(IdleStreamReaper.class.getName());

  @Inject StreamSupervisor supervisor;
  @Inject StreamState state;
  @Inject StreamSettings settings;
  @Inject FfmpegLog logs;
  @Inject AlwaysOnChannels alwaysOn;
  @Inject Clock clock;

  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void sweep() {
    try {
      Set<ChannelId> local = supervisor.localChannels();
      double now = clock.now().toEpochMilli() / 1000.0;
      long idle = settings.idleTimeout().toSeconds();
      for (ChannelId id : local) {
        // A start still launching has no last_access yet: it counts as watched since it began.
        double since = supervisor.trackedSince(id).map(t -> t.toEpochMilli() / 1000.0).orElse(0.0);
        double last = Math.max(state.lastAccess(id.value()).orElse(0.0), since);
        if (now - last > idle && !alwaysOn.contains(id)) {
          supervisor.stop(id, "idle");
        }
      }
      logs.trimAll();
    } catch (RuntimeException e) {
      LOG.warning("idle sweep failed reason=\"" + e.getMessage() + "\"");
    }
  }
}
