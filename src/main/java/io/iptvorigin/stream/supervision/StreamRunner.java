package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.ffmpeg.FfmpegCommands;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.ffmpeg.UpstreamResolver;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.hls.PlaylistKeeper;
import io.iptvorigin.stream.hls.PlaylistWatcher;
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
 * Runs a channel's FFmpeg attempt after attempt: launches a run, marks it ready once its playlist
 * is playable (or kills it when none comes in time), and on its exit applies {@link RestartPolicy}:
 * relaunch, switch to transcoding, give up with a cool-down, or stop. Starting and stopping on
 * request are {@link StreamSupervisor}'s and {@link StreamStopper}'s.
 */
@ApplicationScoped
public class StreamRunner {
  private static final Logger LOG = Logger.getLogger(StreamRunner.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject StreamSettings settings;
  @Inject StreamState state;
  @Inject ChannelRepository channels;
  @Inject ChannelStreams streams;
  @Inject StreamStopper stopper;
  @Inject FfmpegLauncher launcher;
  @Inject FfmpegLog logs;
  @Inject HlsPaths paths;
  @Inject PlaylistWatcher watcher;
  @Inject PlaylistKeeper keeper;
  @Inject UpstreamResolver resolver;
  @Inject FfmpegCommands commands;
  @Inject Clock clock;

  /** The channel if it exists and is enabled. */
  Optional<Channel> playableChannel(ChannelId id) {
    return channels.find(id).map(ChannelRepository.Stored::channel).filter(Channel::active);
  }

  /** Launches one run of a stream in STARTING; blocks on the upstream, so call it on a worker. */
  void launch(ChannelStream stream, Channel channel, String reason) {
    try {
      String resolved = resolver.resolve(channel);
      StreamMode mode;
      int restarts;
      synchronized (stream) {
        if (stream.state != ChannelStream.State.STARTING || streams.closed()) {
          stream.launching = false;
          return;
        }
        mode = stream.mode;
        restarts = stream.restarts;
        stream.startTimedOut = false;
        stream.copyRejected = false;
      }
      String runId = HexFormat.of().toHexDigits(RANDOM.nextInt());
      paths.prepareRun(channel.id(), restarts == 0);
      Instant now = clock.now();
      Path log = logs.beginRun(channel.id(), runId, mode, now);
      List<String> command = commands.forRun(channel, resolved, mode, runId);
      CompletableFuture<Void> playable = watcher.awaitRunPlayable(channel.id());
      Process process = launcher.launch(command, log);
      StreamRun run =
          new StreamRun(
              runId, process.toHandle(), mode, now, channel.sourceUrl(), resolved, restarts);
      synchronized (stream) {
        stream.run = run;
        stream.launching = false;
        if (stream.state != ChannelStream.State.STARTING) {
          process.destroy(); // stopped while we were launching
          return;
        }
        long limit =
            (mode == StreamMode.COPY ? settings.copyTimeout() : settings.startTimeout()).toMillis();
        Runnable timeout = () -> onStartTimeout(stream, run);
        stream.pending = streams.timers().schedule(timeout, limit, TimeUnit.MILLISECONDS);
      }
      state.recordStart(channel.id(), run, now);
      LOG.info(
          String.format(
              "stream start channel=%s reason=%s mode=%s pid=%d run=%s restarts=%d",
              channel.id(), reason, mode.wireName(), run.pid(), runId, restarts));
      playable.thenRun(() -> onPlayable(stream, run));
      var exited = process.onExit();
      exited.thenAcceptAsync(p -> onExit(stream, run, "exit " + p.exitValue()), streams.workers());
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
        run.process().destroy();
        return;
      }
      // Published before waiting viewers are answered: nginx then finds the playlist.
      keeper.accept(stream.channelId, run.runId());
      stream.state = ChannelStream.State.RUNNING;
      stream.cancelPending();
      stream.ready.complete(null);
    }
    long millis = Duration.between(run.started(), clock.now()).toMillis();
    LOG.info(
        String.format(
            "stream ready channel=%s mode=%s ms=%d",
            stream.channelId, run.mode().wireName(), millis));
  }

  private void onStartTimeout(ChannelStream stream, StreamRun run) {
    synchronized (stream) {
      if (stream.run != run || stream.state != ChannelStream.State.STARTING) {
        return;
      }
      stream.startTimedOut = true;
      stream.pending = null;
    }
    run.process().destroy();
  }

  /** The run's process ended; {@code exit} says how, for the failure line. */
  void onExit(ChannelStream stream, StreamRun run, String exit) {
    if (streams.closed()) {
      return;
    }
    String lastLine = logs.lastLine(stream.channelId);
    synchronized (stream) {
      if (stream.run != run) {
        return;
      }
      stream.run = null;
      if (stream.stopping()) {
        return;
      }
      boolean wasPlayable = stream.state == ChannelStream.State.RUNNING;
      String reason =
          stream.startTimedOut
              ? "no segment in time"
              : stream.copyRejected
                  ? "stream copy cannot carry the upstream's codecs"
                  : exit + ": " + lastLine;
      LOG.warning(
          String.format(
              "stream failure channel=%s reason=\"%s\" mode=%s attempt=%d",
              stream.channelId,
              reason.replace('"', '\''),
              run.mode().wireName(),
              stream.failures + 1));
      stream.cancelPending();
      RestartPolicy.Decision decision =
          RestartPolicy.decide(
              new RestartPolicy.Exit(
                  run.mode(),
                  wasPlayable,
                  stream.startTimedOut,
                  stream.copyRejected,
                  logs.saysCopyIsImpossible(stream.channelId),
                  Duration.between(run.started(), clock.now()),
                  stream.failures,
                  settings.maxFailures(),
                  isWatched(stream.channelId)));
      stream.failures = decision.failures();
      switch (decision.action()) {
        case GIVE_UP -> {
          stopper.giveUpLocked(stream, reason);
          return;
        }
        case STOP_UNWATCHED -> {
          stopper.endUnwatchedLocked(stream);
          return;
        }
        case SWITCH_TO_TRANSCODE -> stream.mode = StreamMode.TRANSCODE;
        case RETRY ->
            // Waiting viewers get a quick 503 (players retry) rather than hang through the backoff;
            // never FFmpeg's words in it: they may carry the upstream URL and its credentials.
            stream.ready.completeExceptionally(
                new StreamUnavailableException(
                    stream.channelId, "upstream failed", decision.delaySeconds() + 1));
      }
      if (stream.ready.isDone()) {
        stream.ready = new CompletableFuture<>();
      }
      stream.restarts++;
      stream.state = ChannelStream.State.BACKOFF;
      stream.pending =
          streams
              .timers()
              .schedule(() -> relaunch(stream), decision.delaySeconds(), TimeUnit.SECONDS);
    }
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

  /** Whether a viewer asked for the channel within the idle timeout. */
  private boolean isWatched(String channelId) {
    double now = clock.now().toEpochMilli() / 1000.0;
    long idle = settings.idleTimeout().toSeconds();
    return state.lastAccess(channelId).filter(last -> now - last < idle).isPresent();
  }
}
