package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.ffmpeg.UpstreamResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Every second, for each run on this node: reads FFmpeg's latest progress report and ends the run
 * when its source stalls (no media for {@code iptv.stream.stall-timeout}) or, for a channel with
 * backups, stays below {@code iptv.stream.min-speed} for {@code iptv.stream.slow-period}, so {@link
 * StreamRecovery} switches to the next source; and once a backup has played for {@code
 * iptv.stream.primary-retry}, checks the first source and goes back to it when it answers. FFmpeg's
 * own timeouts would take 15 s and more to notice a stall, and it never notices being slow.
 */
@ApplicationScoped
public class RunHealthMonitor {
  private static final Logger LOG = Logger.getLogger(RunHealthMonitor.class.getName());

  @Inject ChannelStreams streams;
  @Inject StreamRunner runner;
  @Inject StreamSettings settings;
  @Inject UpstreamResolver resolver;
  @Inject Clock clock;

  void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object application) {
    streams.timers().scheduleWithFixedDelay(this::checkAll, 1, 1, TimeUnit.SECONDS);
  }

  void checkAll() {
    try {
      for (String id : streams.ids()) {
        ChannelStream stream = streams.get(id);
        if (stream != null) {
          check(stream);
        }
      }
    } catch (RuntimeException e) {
      LOG.warning("run health check failed reason=\"" + e.getMessage() + "\"");
    }
  }

  void check(ChannelStream stream) {
    StreamRun run;
    RunProgress progress;
    boolean playing;
    synchronized (stream) {
      run = stream.run;
      boolean live =
          stream.state == ChannelStream.State.STARTING
              || stream.state == ChannelStream.State.RUNNING;
      if (run == null || !live || stream.endedBecause != null) {
        return;
      }
      progress = stream.progress;
      // Slowness is judged only where there is another source to go to: restarting a lone
      // source that is slow (a provider's congestion, a busy host) would only add a gap.
      playing = stream.state == ChannelStream.State.RUNNING && stream.sourceCount > 1;
    }
    Instant now = clock.now();
    Optional<Double> media = run.handle().mediaTime();
    RunProgress.Verdict verdict =
        progress.observe(
            now,
            media,
            settings.stallTimeout(),
            settings.slowPeriod(),
            settings.minSpeed(),
            playing);
    switch (verdict) {
      case STALLED -> {
        // SIGKILL: FFmpeg blocked on a silent socket ignores a first SIGTERM until its own
        // 15 s read timeout, and a stalled run has nothing left worth flushing.
        if (end(
            stream, run, "stalled: no data for " + settings.stallTimeout().toSeconds() + " s")) {
          run.handle().kill();
        }
      }
      case SLOW -> {
        if (end(
            stream,
            run,
            String.format(
                Locale.ROOT,
                "slow: speed %.2f for %d s",
                progress.speed(),
                settings.slowPeriod().toSeconds()))) {
          run.handle().stop(); // it still runs: SIGTERM lets FFmpeg finish its last segment
        }
      }
      case OK -> checkFirstSource(stream, run, now);
    }
  }

  /** Marks why the supervisor ends the run; false when it already ended or is ending. */
  private static boolean end(ChannelStream stream, StreamRun run, String why) {
    synchronized (stream) {
      if (stream.run != run || stream.endedBecause != null) {
        return false;
      }
      stream.endedBecause = why;
      return true;
    }
  }

  /** A backup has played long enough: if the first source answers, go back to it. */
  private void checkFirstSource(ChannelStream stream, StreamRun run, Instant now) {
    synchronized (stream) {
      if (run.sourceIndex() == 0
          || stream.state != ChannelStream.State.RUNNING
          || stream.nextPrimaryCheck == null
          || now.isBefore(stream.nextPrimaryCheck)) {
        return;
      }
      // One check per period, whatever it finds: a first source still down costs one request.
      stream.nextPrimaryCheck = now.plus(settings.primaryRetry());
    }
    streams
        .workers()
        .execute(
            () -> {
              Optional<Channel> channel = runner.playableChannel(new ChannelId(stream.channelId));
              if (channel.isEmpty() || !resolver.answers(channel.get().primary())) {
                return;
              }
              synchronized (stream) {
                if (stream.run != run || stream.endedBecause != null) {
                  return;
                }
                stream.endedBecause = "back to the first source";
                stream.returningToPrimary = true;
              }
              run.handle().stop();
            });
  }
}
