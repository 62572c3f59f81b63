package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.ffmpeg.FfmpegRun;
import io.iptvorigin.stream.hls.PlaylistKeeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Takes over the runs an earlier deployment of this node started: FFmpeg processes, which still
 * run, and native runs, which ended with it and start again. The FFmpeg processes ({@link
 * StreamReconciler} found them and checked they are ours): viewers keep watching through a
 * redeploy, and the adopted run is supervised like one launched here.
 */
@ApplicationScoped
public class StreamAdoption {
  private static final Logger LOG = Logger.getLogger(StreamAdoption.class.getName());

  @Inject StreamSettings settings;
  @Inject ChannelStreams streams;
  @Inject OwnerLeases owners;
  @Inject StreamRecovery recovery;
  @Inject PlaylistKeeper keeper;
  @Inject StreamRunner runner;
  @Inject FfmpegLauncher launcher;
  @Inject FfmpegLog logs;
  @Inject Clock clock;

  /** Takes over an FFmpeg a previous deployment started (verified to be ours for the channel). */
  void adopt(String channelId, ProcessHandle process, StreamState.Snapshot snapshot) {
    ChannelStream stream = new ChannelStream(channelId);
    StreamMode mode = snapshot.mode();
    FfmpegRun handle = FfmpegRun.adopted(process, launcher, logs, channelId);
    StreamRun run =
        new StreamRun(
            snapshot.runId().orElse("adopted"),
            handle,
            mode,
            snapshot.started().orElse(clock.now()),
            snapshot.source(),
            snapshot.resolvedSource(),
            snapshot.restarts(),
            snapshot.sourceIndex());
    stream.state = ChannelStream.State.RUNNING;
    stream.mode = mode;
    stream.run = run;
    stream.restarts = run.restarts();
    stream.source = run.sourceIndex();
    if (mode == StreamMode.TRANSCODE) {
      stream.transcodedSources.add(run.sourceIndex());
    }
    stream.everPlayable = true;
    stream.playableSince = clock.now();
    stream.nextPrimaryCheck = stream.playableSince.plus(settings.primaryRetry());
    stream.ready.complete(null);
    // The lease first: if Redis fails it, nothing is half adopted and the next pass adopts.
    owners.lease(channelId, streams.node());
    streams.put(stream);
    // Its playlist goes on from the one on disk (an FFmpeg an older version started writes the
    // channel playlist itself, and has no run playlist for the keeper to read).
    keeper.accept(channelId, run.runId());
    handle.ended().thenAcceptAsync(end -> recovery.onExit(stream, run, end), streams.workers());
    LOG.info(
        "stream adopt channel=" + channelId + " pid=" + process.pid() + " mode=" + mode.wireName());
  }

  /**
   * Starts again a channel an earlier deployment of this node remuxed natively (its run ended with
   * that deployment): on the same source, over the files it left, so the channel playlist goes on
   * from where it was with one discontinuity. False when the channel is gone or disabled.
   */
  boolean resumeNative(String channelId, StreamState.Snapshot snapshot) {
    Optional<Channel> channel = runner.playableChannel(new ChannelId(channelId));
    if (channel.isEmpty()) {
      return false;
    }
    ChannelStream stream = new ChannelStream(channelId);
    stream.restarts = snapshot.restarts();
    stream.useSource(snapshot.sourceIndex());
    stream.keepFiles = true;
    stream.everPlayable = true;
    stream.launching = true;
    owners.lease(channelId, streams.node());
    streams.put(stream);
    streams.workers().execute(() -> runner.launch(stream, channel.get(), "redeploy"));
    LOG.info("stream resume channel=" + channelId + " mode=native");
    return true;
  }
}
