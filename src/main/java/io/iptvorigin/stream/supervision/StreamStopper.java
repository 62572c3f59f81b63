package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.StreamSettings.HlsOptions;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.ffmpeg.FfmpegIdentity;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.hls.HlsPaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Stops a channel on this node: SIGTERM, SIGKILL after the grace period, files and keys removed. A
 * channel this node does not track is looked up in Redis and its PID signalled only if it is
 * verifiably our FFmpeg for that channel ({@link FfmpegIdentity}); another node's is left alone.
 */
@ApplicationScoped
public class StreamStopper {
  private static final Logger LOG = Logger.getLogger(StreamStopper.class.getName());

  /** Longest a launch takes: the redirect check's timeouts, then spawning FFmpeg. */
  private static final Duration LAUNCH_WAIT = Duration.ofSeconds(20);

  @Inject ChannelStreams streams;
  @Inject StreamState state;
  @Inject StreamTroubles troubles;
  @Inject FfmpegLauncher launcher;
  @Inject HlsPaths paths;
  @Inject io.iptvorigin.stream.hls.PlaylistKeeper keeper;
  @Inject StreamSettings settings;
  @Inject Clock clock;
  @Inject ProviderLeases leases;

  /**
   * Stops after which the channel goes on on another node: its viewers here are sent there from
   * their next playlist request on, and meanwhile fetch the segments they were given.
   */
  static final Set<String> HANDED_OVER = Set.of("lease-lost", "handed-over");

  /** Completes with false when there was nothing of ours to stop. */
  CompletableFuture<Boolean> stop(String channelId, String reason) {
    ChannelStream stream = streams.get(channelId);
    if (stream == null) {
      return CompletableFuture.supplyAsync(
          () -> stopUntracked(channelId, reason), streams.workers());
    }
    StreamRun run;
    synchronized (stream) {
      if (stream.state == ChannelStream.State.STOPPING) {
        return stream.stopped.thenApply(v -> true);
      }
      stream.state = ChannelStream.State.STOPPING;
      stream.stopReason = reason;
      stream.cancelPending();
      run = stream.run;
    }
    return CompletableFuture.supplyAsync(
        () -> {
          StreamRun running = run != null ? run : runOnceLaunched(stream);
          if (running != null) {
            running.handle().terminate();
          }
          // Files and keys go before the state leaves STOPPING: a start arriving meanwhile waits
          // for `stopped` and can never have its fresh files removed by this cleanup.
          keeper.stopSlate(channelId);
          if (HANDED_OVER.contains(reason)) {
            removeLater(paths.removePlaylistsKeepingSegments(channelId));
          } else {
            paths.removeAll(channelId);
          }
          if (state.release(channelId, streams.node())) {
            leases.release(channelId);
          } else {
            // Another node holds the channel now (this node lost its lease): the provider slot,
            // counted per channel, is that node's.
            leases.forget(channelId);
          }
          synchronized (stream) {
            stream.state = ChannelStream.State.STOPPED;
            stream.run = null;
          }
          streams.remove(stream);
          stream.ready.completeExceptionally(
              new StreamUnavailableException(channelId, "stopped", 1));
          stream.stopped.complete(null);
          LOG.info("stream stop channel=" + channelId + " reason=" + reason);
          return true;
        },
        streams.workers());
  }

  /** Deletes a handed-over channel's last segments once every playlist that listed them is old. */
  private void removeLater(List<Path> segments) {
    HlsOptions hls = settings.hls();
    long delay = (long) (hls.playlistSize() + 1) * hls.segmentSeconds();
    CompletableFuture.runAsync(
        () -> segments.forEach(StreamStopper::deleteQuietly),
        CompletableFuture.delayedExecutor(delay, TimeUnit.SECONDS, streams.workers()));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.fine("segment not removed file=" + file.getFileName() + " reason=\"" + e + "\"");
    }
  }

  /**
   * The run a launch under way when the stop came ends up with, once the launch is over (it then
   * destroys that FFmpeg itself, without waiting). The stop waits for it so that, when it is done,
   * no FFmpeg of the channel is connected to its upstream any more: its provider slot is given back
   * right after, to a start that must not open a second connection meanwhile.
   */
  private static StreamRun runOnceLaunched(ChannelStream stream) {
    long end = System.nanoTime() + LAUNCH_WAIT.toNanos();
    while (true) {
      synchronized (stream) {
        if (!stream.launching || System.nanoTime() - end > 0) {
          return stream.run;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        synchronized (stream) {
          return stream.run;
        }
      }
    }
  }

  /**
   * Ends a stream whose upstream keeps failing: its files go, its lease is released, waiting
   * viewers get a 503, and the channel is refused for {@code iptv.stream.failure-cooldown}. The
   * caller holds the stream's lock; its FFmpeg has already exited.
   */
  void giveUpLocked(ChannelStream stream, String reason) {
    Duration cooldown = settings.failureCooldown();
    endFailedLocked(stream, cooldown, "upstream keeps failing");
    LOG.warning(
        String.format(
            "stream failed channel=%s reason=\"%s\" cooldown=%ds",
            stream.channelId, reason.replace('"', '\''), cooldown.toSeconds()));
  }

  /**
   * Ends a cold start that failed on every source: files and lease go, waiting viewers get a 503
   * saying when to retry, and the channel is refused until then. The caller holds the lock.
   */
  void endFailedStartLocked(ChannelStream stream, Duration retryAfter) {
    endFailedLocked(stream, retryAfter, "upstream failed");
  }

  /** Ends a failed stream, refusing the channel for {@code refusal} with {@code message}. */
  private void endFailedLocked(ChannelStream stream, Duration refusal, String message) {
    stream.cancelPending();
    stream.state = ChannelStream.State.STOPPED;
    streams.remove(stream);
    troubles.markFailed(stream.channelId, clock.now().plus(refusal));
    state.release(stream.channelId, streams.node());
    leases.release(stream.channelId);
    keeper.stopSlate(stream.channelId);
    paths.removeAll(stream.channelId);
    stream.ready.completeExceptionally(
        new StreamUnavailableException(
            stream.channelId, message, Math.max(1, refusal.toSeconds())));
    stream.stopped.complete(null);
  }

  /** Ends a stream that failed while nobody watched it. The caller holds the stream's lock. */
  void endUnwatchedLocked(ChannelStream stream) {
    stream.state = ChannelStream.State.STOPPED;
    streams.remove(stream);
    state.release(stream.channelId, streams.node());
    leases.release(stream.channelId);
    keeper.stopSlate(stream.channelId);
    paths.removeAll(stream.channelId);
    stream.ready.completeExceptionally(
        new StreamUnavailableException(stream.channelId, "stopped", 1));
    LOG.info("stream stop channel=" + stream.channelId + " reason=unwatched-after-failure");
  }

  private boolean stopUntracked(String channelId, String reason) {
    Optional<StreamState.Snapshot> snapshot =
        state.snapshots().stream().filter(s -> s.channelId().equals(channelId)).findFirst();
    if (snapshot.isEmpty()) {
      return false;
    }
    if (snapshot.get().owner().filter(o -> !o.equals(streams.node())).isPresent()) {
      return false; // another node's stream: that node stops it
    }
    snapshot
        .get()
        .pid()
        .flatMap(pid -> FfmpegIdentity.ours(pid, paths, channelId))
        .ifPresent(launcher::terminate);
    keeper.stopSlate(channelId);
    paths.removeAll(channelId);
    state.release(channelId, streams.node());
    leases.release(channelId);
    LOG.info("stream stop channel=" + channelId + " reason=" + reason + " untracked=true");
    return true;
  }
}
