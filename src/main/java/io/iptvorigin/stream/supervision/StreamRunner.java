package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.channel.Source;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.stream.RunHandle;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.FfmpegCommands;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.ffmpeg.FfmpegRun;
import io.iptvorigin.stream.ffmpeg.UpstreamResolver;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.hls.PlaylistKeeper;
import io.iptvorigin.stream.hls.PlaylistWatcher;
import io.iptvorigin.stream.remux.NativeRemux;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs a channel's FFmpeg attempt after attempt: launches a run on the stream's current source,
 * marks it ready once its playlist is playable (or kills it when none comes in time); what happens
 * when a run ends is {@link StreamRecovery}'s. Starting and stopping on request are {@link
 * StreamSupervisor}'s and {@link StreamStopper}'s.
 */
@ApplicationScoped
public class StreamRunner {
  private static final Logger LOG = Logger.getLogger(StreamRunner.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject StreamSettings settings;
  @Inject StreamState state;
  @Inject StreamTroubles troubles;
  @Inject ChannelRepository channels;
  @Inject ChannelStreams streams;
  @Inject StreamStopper stopper;
  @Inject StreamRecovery recovery;
  @Inject FfmpegLauncher launcher;
  @Inject FfmpegLog logs;
  @Inject HlsPaths paths;
  @Inject PlaylistWatcher watcher;
  @Inject PlaylistKeeper keeper;
  @Inject UpstreamResolver resolver;
  @Inject FfmpegCommands commands;
  @Inject NativeRemux natives;
  @Inject RunEngines engines;
  @Inject Clock clock;

  /** The channel if it exists and is enabled. */
  Optional<Channel> playableChannel(ChannelId id) {
    return channels.find(id).map(ChannelRepository.Stored::channel).filter(Channel::active);
  }

  /** Launches one run of a stream in STARTING; blocks on the upstream, so call it on a worker. */
  void launch(ChannelStream stream, Channel channel, String reason) {
    try {
      List<Source> sources = channel.sources();
      int sourceIndex;
      synchronized (stream) {
        // The panel may have shortened the list since: past its end means the first source.
        if (stream.source >= sources.size()) {
          stream.source = 0;
        }
        sourceIndex = stream.source;
        stream.sourceCount = sources.size();
      }
      Source source = sources.get(sourceIndex);
      StreamMode mode;
      int restarts;
      boolean keepFiles;
      synchronized (stream) {
        mode = engines.modeFor(channel, source, stream.mode, stream.ffmpegSources, sourceIndex);
      }
      // The native reader follows redirects itself, each target checked: no resolving first.
      String resolved =
          mode == StreamMode.NATIVE ? source.url() : resolver.resolve(channel.id(), source);
      synchronized (stream) {
        if (stream.state != ChannelStream.State.STARTING || streams.closed()) {
          stream.launching = false;
          return;
        }
        restarts = stream.restarts;
        keepFiles = stream.keepFiles;
        stream.keepFiles = false;
        stream.startTimedOut = false;
        stream.copyRejected = false;
        stream.endedBecause = null;
        stream.returningToPrimary = false;
        stream.playableSince = null;
        stream.progress = new RunProgress();
      }
      String runId = HexFormat.of().toHexDigits(RANDOM.nextInt());
      paths.prepareRun(channel.id(), restarts == 0 && !keepFiles);
      Instant now = clock.now();
      Path log = logs.beginRun(channel.id(), runId, mode, now);
      CompletableFuture<Void> playable = watcher.awaitRunPlayable(channel.id());
      RunHandle handle =
          mode == StreamMode.NATIVE
              ? natives.start(channel.id(), runId, source)
              : FfmpegRun.launched(
                  launcher.launch(commands.forRun(channel, source, resolved, mode, runId), log),
                  launcher,
                  logs,
                  channel.id());
      StreamRun run =
          new StreamRun(runId, handle, mode, now, source.url(), resolved, restarts, sourceIndex);
      synchronized (stream) {
        stream.run = run;
        stream.launching = false;
        if (stream.state != ChannelStream.State.STARTING) {
          handle.stop(); // stopped while we were launching
          return;
        }
        long limit =
            (mode == StreamMode.TRANSCODE ? settings.startTimeout() : settings.copyTimeout())
                .toMillis();
        Runnable timeout = () -> onStartTimeout(stream, run);
        stream.pending = streams.timers().schedule(timeout, limit, TimeUnit.MILLISECONDS);
      }
      state.recordStart(channel.id(), run, now);
      LOG.info(
          String.format(
              "stream start channel=%s reason=%s mode=%s source=%d pid=%s run=%s restarts=%d",
              channel.id(), reason, mode.wireName(), sourceIndex, run.pidText(), runId, restarts));
      playable.thenRun(() -> onPlayable(stream, run));
      handle.ended().thenAcceptAsync(end -> recovery.onExit(stream, run, end), streams.workers());
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          String.format(
              "stream failure channel=%s reason=\"cannot launch ffmpeg: %s\"",
              channel.id(), Credentials.redact(e.getMessage())));
      synchronized (stream) {
        stopper.giveUpLocked(stream, "cannot launch ffmpeg");
      }
    }
  }

  private void onPlayable(ChannelStream stream, StreamRun run) {
    synchronized (stream) {
      if (stream.run != run || stream.state != ChannelStream.State.STARTING) {
        return;
      }
      if (run.mode() == StreamMode.COPY && logs.saysCopyIsImpossible(stream.channelId)) {
        // Copy "succeeded" into unplayable output: restart transcoding before anyone is served.
        stream.copyRejected = true;
        run.handle().stop();
        return;
      }
      // Published before waiting viewers are answered: nginx then finds the playlist.
      keeper.accept(stream.channelId, run.runId());
      stream.state = ChannelStream.State.RUNNING;
      stream.everPlayable = true;
      stream.playableRuns++;
      stream.playableSince = clock.now();
      stream.nextPrimaryCheck = stream.playableSince.plus(settings.primaryRetry());
      stream.progress.restartWindow();
      stream.cancelPending();
      stream.ready.complete(null);
    }
    troubles.clearStartFailures(stream.channelId);
    long millis = Duration.between(run.started(), clock.now()).toMillis();
    LOG.info(
        String.format(
            "stream ready channel=%s mode=%s source=%d ms=%d",
            stream.channelId, run.mode().wireName(), run.sourceIndex(), millis));
  }

  private void onStartTimeout(ChannelStream stream, StreamRun run) {
    synchronized (stream) {
      if (stream.run != run || stream.state != ChannelStream.State.STARTING) {
        return;
      }
      stream.startTimedOut = true;
      stream.pending = null;
    }
    // SIGKILL: an FFmpeg waiting on a silent upstream ignores a first SIGTERM for 15 s.
    run.handle().kill();
  }

  /** Launches the stream's next run after {@code delaySeconds}; the caller holds its lock. */
  void scheduleRelaunchLocked(ChannelStream stream, long delaySeconds) {
    stream.state = ChannelStream.State.BACKOFF;
    stream.pending =
        streams.timers().schedule(() -> relaunch(stream), delaySeconds, TimeUnit.SECONDS);
  }

  private void relaunch(ChannelStream stream) {
    Optional<Channel> channel = playableChannel(new ChannelId(stream.channelId));
    if (channel.isEmpty()) {
      stopper.stop(stream.channelId, "channel-removed");
      return;
    }
    synchronized (stream) {
      if (stream.state != ChannelStream.State.BACKOFF) {
        return;
      }
      stream.state = ChannelStream.State.STARTING;
      stream.pending = null;
      stream.launching = true;
    }
    streams.workers().execute(() -> launch(stream, channel.get(), "restart"));
  }
}
