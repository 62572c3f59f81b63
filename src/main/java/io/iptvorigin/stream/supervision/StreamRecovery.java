package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.Resilience;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.RunEnd;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.hls.PlaylistKeeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What happens when a channel's run ends without a stop: the facts go to {@link RestartPolicy} and
 * its decision is carried out (next source, transcoding, a backoff and the first source again,
 * giving up, stopping), each source switch recorded with its reason in the application log, the
 * channel's FFmpeg log and Redis ({@code streams/active}). While no source works for a channel that
 * viewers are watching, they see the slate ({@link PlaylistKeeper#startSlate}).
 */
@ApplicationScoped
public class StreamRecovery {
  private static final Logger LOG = Logger.getLogger(StreamRecovery.class.getName());

  @Inject StreamSettings settings;
  @Inject StreamState state;
  @Inject StreamTroubles troubles;
  @Inject ChannelStreams streams;
  @Inject StreamStopper stopper;
  @Inject StreamRunner runner;
  @Inject FfmpegLog logs;
  @Inject PlaylistKeeper keeper;
  @Inject Clock clock;
  @Inject StreamEvents events;

  /** The run ended; {@code end} says how, for the failure line and the decision. */
  void onExit(ChannelStream stream, StreamRun run, RunEnd end) {
    if (streams.closed() || end.shutdown()) {
      return;
    }
    boolean nativeRun = run.mode() == StreamMode.NATIVE;
    String exit = end.text();
    // A native run's log holds only its own notes: the end says it all.
    String lastLine = nativeRun ? "" : logs.lastLine(stream.channelId);
    Optional<Channel> channel = runner.playableChannel(new ChannelId(stream.channelId));
    boolean watched = isWatched(stream.channelId);
    boolean copyImpossible = !nativeRun && logs.saysCopyIsImpossible(stream.channelId);
    synchronized (stream) {
      if (stream.run != run) {
        return;
      }
      stream.run = null;
      if (stream.stopping()) {
        return;
      }
      if (channel.isEmpty()) {
        stopper.stop(stream.channelId, "channel-removed");
        return;
      }
      stream.cancelPending();
      Resilience resilience = channel.get().resilience();
      int sources = channel.get().sources().size();
      if (stream.returningToPrimary) {
        switchLocked(stream, run, 0, "primary_back", "first source answers again");
        stream.tried = 0;
        relaunchLocked(stream, 0, "primary_back", "first source answers again");
        return;
      }
      boolean wasPlayable = stream.state == ChannelStream.State.RUNNING;
      boolean nativeCannotCarry =
          nativeRun
              && RunEngines.fallsBackToFfmpeg(channel.get())
              && (end.needsFfmpeg() || (stream.startTimedOut && !wasPlayable));
      String reason = reason(stream, exit, lastLine);
      String cause = nativeCannotCarry ? "remux_failed" : cause(stream, copyImpossible);
      LOG.warning(
          String.format(
              "stream failure channel=%s reason=\"%s\" mode=%s source=%d attempt=%d",
              stream.channelId,
              reason.replace('"', '\''),
              run.mode().wireName(),
              run.sourceIndex(),
              stream.failures + 1));
      RestartPolicy.Decision decision =
          RestartPolicy.decide(
              new RestartPolicy.Exit(
                  run.mode(),
                  wasPlayable,
                  stream.startTimedOut,
                  stream.copyRejected,
                  copyImpossible,
                  Duration.between(run.started(), clock.now()),
                  stream.failures,
                  settings.maxFailures(),
                  watched,
                  sources,
                  stream.tried,
                  stream.everPlayable,
                  resilience.alwaysOn(),
                  stream.everPlayable && resilience.slate(),
                  nativeCannotCarry));
      stream.failures = decision.failures();
      stream.tried = decision.tried();
      switch (decision.action()) {
        case GIVE_UP -> {
          stopper.giveUpLocked(stream, reason);
          return;
        }
        case STOP_UNWATCHED -> {
          stopper.endUnwatchedLocked(stream);
          return;
        }
        case END_COLD_START -> {
          endColdStartLocked(stream, reason, sources);
          return;
        }
        case SWITCH_TO_FFMPEG -> {
          stream.ffmpegSources.add(run.sourceIndex());
          logs.note(
              stream.channelId,
              clock.now() + " ffmpeg copy takes source=" + run.sourceIndex() + ": " + exit);
        }
        case SWITCH_TO_TRANSCODE -> {
          stream.transcodedSources.add(run.sourceIndex());
          stream.mode = StreamMode.TRANSCODE;
        }
        case NEXT_SOURCE ->
            switchLocked(
                stream, run, (run.sourceIndex() + 1) % sources, cause, shortReason(stream, exit));
        case RETRY -> {
          switchLocked(stream, run, 0, "every_source_failed", "every source failed, starting over");
          // Waiting viewers get a quick 503 (players retry) rather than hang through the backoff;
          // never FFmpeg's words in it: they may carry the upstream URL and its credentials.
          stream.ready.completeExceptionally(
              new StreamUnavailableException(
                  stream.channelId, "upstream failed", decision.delaySeconds() + 1));
          if (stream.everPlayable) {
            slateUnlessBackSoon(stream, resilience.slate());
          }
        }
      }
      relaunchLocked(stream, decision.delaySeconds(), cause, shortReason(stream, exit));
    }
  }

  /**
   * Viewers see the slate once the channel has had no working source for a segment's length: a
   * restart that plays again sooner (most do) is one discontinuity, not two around a slate, and
   * players hold more than a segment.
   */
  private void slateUnlessBackSoon(ChannelStream stream, boolean enabled) {
    int playable = stream.playableRuns;
    Runnable slate =
        () -> {
          synchronized (stream) {
            boolean stillWithout =
                stream.playableRuns == playable
                    && (stream.state == ChannelStream.State.BACKOFF
                        || stream.state == ChannelStream.State.STARTING);
            if (stillWithout && streams.get(stream.channelId) == stream) {
              keeper.startSlate(stream.channelId, enabled);
            }
          }
        };
    streams.timers().schedule(slate, settings.hls().segmentSeconds(), TimeUnit.SECONDS);
  }

  private void relaunchLocked(
      ChannelStream stream, long delaySeconds, String cause, String reason) {
    if (stream.ready.isDone()) {
      stream.ready = new CompletableFuture<>();
    }
    stream.restarts++;
    events.restarted(stream.channelId, cause, reason);
    runner.scheduleRelaunchLocked(stream, delaySeconds);
  }

  /**
   * Every source failed before anyone was served: the waiting viewers get their 503 and no FFmpeg
   * is left retrying. Starts failing in a row are refused for a while that doubles each time (up to
   * the failure cool-down), so many players retrying a dead channel cost one attempt per wait.
   */
  private void endColdStartLocked(ChannelStream stream, String reason, int sources) {
    Duration cooldown = settings.failureCooldown();
    long inARow = troubles.countStartFailure(stream.channelId, cooldown.multipliedBy(2));
    long wait =
        inARow >= settings.maxFailures()
            ? cooldown.toSeconds()
            : Math.min(cooldown.toSeconds(), RestartPolicy.backoff((int) inARow));
    stopper.endFailedStartLocked(stream, Duration.ofSeconds(wait));
    events.startFailed(stream.channelId, "no source became playable (" + sources + " tried)");
    LOG.warning(
        String.format(
            "stream failed channel=%s reason=\"%s\" sources=%d cold_start=true retry_after=%ds",
            stream.channelId, reason.replace('"', '\''), sources, wait));
  }

  /** Records a switch from the run's source to {@code to}. The caller holds the lock. */
  private void switchLocked(ChannelStream stream, StreamRun run, int to, String cause, String why) {
    if (to == run.sourceIndex()) {
      return;
    }
    events.failedOver(stream.channelId, cause, why);
    stream.useSource(to);
    stream.switches++;
    stream.lastSwitch = run.sourceIndex() + ">" + to + " " + why;
    String line =
        String.format(
            "stream failover channel=%s from=%d to=%d reason=\"%s\"",
            stream.channelId, run.sourceIndex(), to, why.replace('"', '\''));
    LOG.warning(line);
    logs.note(
        stream.channelId,
        clock.now() + " failover from=" + run.sourceIndex() + " to=" + to + " reason=" + why);
    int switches = stream.switches;
    String last = clock.now().getEpochSecond() + " " + stream.lastSwitch;
    streams.workers().execute(() -> troubles.recordSwitch(stream.channelId, switches, last));
  }

  private static String reason(ChannelStream stream, String exit, String lastLine) {
    if (stream.endedBecause != null) {
      return stream.endedBecause;
    }
    if (stream.startTimedOut) {
      return "no segment in time";
    }
    if (stream.copyRejected) {
      return "stream copy cannot carry the upstream's codecs";
    }
    return lastLine.isEmpty() ? exit : exit + ": " + lastLine;
  }

  /** Why the run ended, in one of the few words the restart and failover metrics use. */
  private static String cause(ChannelStream stream, boolean copyImpossible) {
    if (stream.endedBecause != null) {
      return stream.endedBecause.startsWith("stalled")
          ? "stall"
          : stream.endedBecause.startsWith("slow") ? "slow" : "ended";
    }
    if (stream.startTimedOut) {
      return "start_timeout";
    }
    if (stream.copyRejected || copyImpossible) {
      return "copy_failed";
    }
    return stream.state == ChannelStream.State.RUNNING ? "exit" : "start_failed";
  }

  /** The reason of a switch, short and without FFmpeg's words (they may name the upstream). */
  private static String shortReason(ChannelStream stream, String exit) {
    if (stream.endedBecause != null) {
      return stream.endedBecause;
    }
    if (stream.startTimedOut) {
      return "no segment in time";
    }
    return stream.state == ChannelStream.State.RUNNING
        ? "source ended (" + exit + ")"
        : "source failed to start (" + exit + ")";
  }

  /** Whether a viewer asked for the channel within the idle timeout. */
  private boolean isWatched(String channelId) {
    double now = clock.now().toEpochMilli() / 1000.0;
    long idle = settings.idleTimeout().toSeconds();
    return state.lastAccess(channelId).filter(last -> now - last < idle).isPresent();
  }
}
