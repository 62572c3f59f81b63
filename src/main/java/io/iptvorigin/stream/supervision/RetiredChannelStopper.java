package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.channel.ChannelRetired;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Stops channels that were disabled or deleted. On the node the panel called, at once (the {@link
 * ChannelRetired} event); on every node, within two seconds, by comparing the channels it runs with
 * their records in Redis (one MGET), so a change made through another node, or straight in Redis,
 * stops the channel too. Viewers are refused before that: the authorisation checks the channel on
 * every answer it gives nginx. A deleted channel's FFmpeg log goes with it.
 */
@Singleton
public class RetiredChannelStopper {
  private static final Logger LOG = Logger.getLogger(RetiredChannelStopper.class.getName());

  @Inject StreamSupervisor supervisor;
  @Inject ChannelRepository channels;
  @Inject FfmpegLog logs;

  public void onRetired(@Observes ChannelRetired event) {
    supervisor.stop(event.channelId(), event.reason().wireName());
    if (event.reason() == ChannelRetired.Reason.DELETED) {
      logs.remove(event.channelId().value());
    }
  }

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void sweep() {
    try {
      Set<ChannelId> local = supervisor.localChannels();
      Set<ChannelId> retired = new HashSet<>(local);
      retired.removeAll(channels.activeAmong(local));
      for (ChannelId id : retired) {
        boolean deleted = channels.find(id).isEmpty();
        supervisor.stop(id, deleted ? "channel-deleted" : "channel-disabled");
        if (deleted) {
          logs.remove(id.value());
        }
      }
    } catch (RuntimeException e) {
      LOG.warning("retired channel sweep failed reason=\"" + e.getMessage() + "\"");
    }
  }
}
