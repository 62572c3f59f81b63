package io.iptvorigin.stream.hls;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.slate.SlateCopies;
import io.iptvorigin.stream.slate.SlateLibrary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps each channel's public playlist ({@code stream_{id}.m3u8}, what players and nginx read) from
 * the playlists of its FFmpeg runs ({@code runs/}): every time the accepted run's playlist changes
 * (the watcher tells), its new segments are appended to the channel's {@link ChannelPlaylist} and
 * the playlist is renamed into place. A restart, a source switch or a copy-to-transcode change is
 * then one discontinuity in a playlist that goes on, not a playlist that vanishes and starts over.
 * Only a run the supervisor accepted ({@link #accept}) is published, so the output of a copy
 * attempt found unplayable never reaches a player.
 *
 * <p>While a channel has no working source the supervisor may put it on the slate ({@link
 * #startSlate}): the playlist then goes on with a "Channel unavailable" segment of the channel's
 * codec profile ({@link SlateLibrary}) every slate length of wall-clock time, as one more run with
 * its own discontinuity, so players already watching keep playing instead of giving up.
 *
 * <p>After a redeploy the playlist on disk is read back and continued. Segments of earlier runs
 * (and of the slate) are deleted once they left the playlist (with the same two-segment delay
 * FFmpeg keeps for its own).
 */
@ApplicationScoped
public class PlaylistKeeper {
  private static final Logger LOG = Logger.getLogger(PlaylistKeeper.class.getName());
  @Inject HlsPaths paths;
  @Inject StreamSettings settings;
  @Inject Clock clock;
  @Inject SlateLibrary slates;

  private final Map<String, KeptPlaylist> channels = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  private KeptPlaylist kept(String channelId) {
    return channels.computeIfAbsent(channelId, id -> new KeptPlaylist(id, paths, settings, clock));
  }

  @PostConstruct
  void init() {
    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("iptv-slate-timer"));
  }

  @PreDestroy
  void close() {
    // The next deployment's supervisor decides again whether a channel is on the slate.
    timer.shutdownNow();
  }

  /**
   * Publishes run {@code runId} of the channel from now on, from what it has listed so far; files
   * of other runs that no playlist lists (a rejected attempt's) are deleted. Ends the slate.
   */
  public void accept(String channelId, String runId) {
    KeptPlaylist kept = kept(channelId);
    synchronized (kept) {
      endSlate(channelId, kept, "accept");
      kept.run = runId;
      kept.merge();
      kept.removeUnlisted();
    }
  }

  /**
   * Puts the channel on the slate: from now on, until the next {@link #accept} or {@link
   * #stopSlate}, its playlist goes on with one slate segment per slate length (a little under
   * {@code iptv.stream.segment-seconds}), the first one marked {@code #EXT-X-DISCONTINUITY}. The
   * slate has the profile of the channel's latest segment; it is looked up, or made (the first time
   * for a profile, up to ~20 s), on other threads, so this returns at once and the first slate
   * segment follows when the slate is ready.
   *
   * <p>{@code enabled} is the channel's slate setting ({@code Channel.resilience().slate()}): when
   * false nothing is started, and a slate running already is stopped.
   *
   * @return true if the channel is on the slate now (or was already); false if the slate is off for
   *     it or the channel has no playlist players could be watching (a cold start: they get the
   *     503). Should no slate be available at all, a warning is logged and {@link #isSlating} turns
   *     false again.
   */
  public boolean startSlate(String channelId, boolean enabled) {
    if (!enabled) {
      stopSlate(channelId);
      return false;
    }
    KeptPlaylist kept = kept(channelId);
    SlatePeriod slating;
    Path latest;
    synchronized (kept) {
      if (kept.slating != null) {
        return true;
      }
      if (!Files.exists(paths.playlist(channelId))) {
        return false;
      }
      kept.load();
      List<ChannelPlaylist.Entry> entries = kept.playlist.entries();
      if (entries.isEmpty()) {
        return false;
      }
      latest = paths.dir().resolve(entries.get(entries.size() - 1).uri());
      slating = new SlatePeriod(kept.newRun());
      kept.slating = slating;
    }
    LOG.info("slate start channel=" + channelId + " run=" + slating.run);
    slates
        .forSegment(latest)
        .whenComplete((slate, failure) -> begin(channelId, kept, slating, slate, failure));
    return true;
  }

  /**
   * Ends the channel's slate, if it is on one; the playlist is the accepted run's again (it goes on
   * when that run lists new segments). Call it before removing the channel's files.
   */
  public void stopSlate(String channelId) {
    KeptPlaylist kept = channels.get(channelId);
    if (kept != null) {
      synchronized (kept) {
        endSlate(channelId, kept, "stop");
      }
    }
  }

  /** Whether the channel's playlist goes on with the slate (or will once the slate is ready). */
  public boolean isSlating(String channelId) {
    KeptPlaylist kept = channels.get(channelId);
    if (kept == null) {
      return false;
    }
    synchronized (kept) {
      return kept.slating != null;
    }
  }

  /** The run playlist of the channel changed (on the watcher's thread: quick). */
  void runPlaylistChanged(String channelId) {
    KeptPlaylist kept = channels.get(channelId);
    if (kept == null) {
      return;
    }
    synchronized (kept) {
      // On the slate the playlist is the slate's: a stalled run that wakes up waits for accept.
      if (kept.run != null && kept.slating == null) {
        kept.merge();
      }
    }
  }

  private void begin(
      String channelId,
      KeptPlaylist kept,
      SlatePeriod slating,
      SlateCopies copies,
      Throwable failure) {
    synchronized (kept) {
      if (kept.slating != slating) {
        return;
      }
      if (failure != null) {
        kept.slating = null;
        LOG.warning(
            "slate stop channel="
                + channelId
                + " reason=\"no slate: "
                + failure.getMessage()
                + "\"");
        return;
      }
      slating.begin(copies, kept.playlist, clock.now());
      long period = Math.round(slating.seconds * 1_000_000);
      try {
        slating.task =
            timer.scheduleAtFixedRate(
                () -> appendSlateOrStop(channelId, kept, slating),
                0,
                period,
                TimeUnit.MICROSECONDS);
      } catch (RejectedExecutionException e) {
        kept.slating = null; // the deployment is going away
      }
    }
  }

  /** A periodic task that throws is never run again: the slate ends visibly instead. */
  private void appendSlateOrStop(String channelId, KeptPlaylist kept, SlatePeriod slating) {
    try {
      appendSlate(channelId, kept, slating);
    } catch (RuntimeException e) {
      synchronized (kept) {
        if (kept.slating == slating) {
          endSlate(channelId, kept, "\"" + e + "\"");
        }
      }
    }
  }

  private void appendSlate(String channelId, KeptPlaylist kept, SlatePeriod slating) {
    synchronized (kept) {
      if (kept.slating != slating) {
        return;
      }
      if (!Files.exists(paths.playlist(channelId))) {
        // The channel was stopped and its files removed: nobody is watching a playlist any more.
        endSlate(channelId, kept, "removed");
        return;
      }
      long copy = slating.copies.count();
      byte[] segment = slating.copies.next();
      kept.appendSlate(slating, segment, slating.dateOf(copy));
    }
  }

  private void endSlate(String channelId, KeptPlaylist kept, String reason) {
    SlatePeriod slating = kept.slating;
    if (slating == null) {
      return;
    }
    kept.slating = null;
    if (slating.task != null) {
      slating.task.cancel(false);
    }
    LOG.info(
        String.format(
            "slate stop channel=%s reason=%s run=%s segments=%d",
            channelId, reason, slating.run, slating.copies == null ? 0 : slating.copies.count()));
  }
}
