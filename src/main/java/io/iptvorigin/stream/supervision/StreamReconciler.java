package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.ffmpeg.FfmpegIdentity;
import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.hls.HlsPaths;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * At application start, squares Redis with the processes on this host: our FFmpeg processes that
 * still run are adopted (viewers keep watching through a redeploy or a WildFly restart), native
 * runs, which ended with the earlier deployment, start again over their files, state of dead ones
 * is removed, and an FFmpeg of ours that Redis no longer knows is stopped.
 *
 * <p>If Redis does not answer then (a deployment during a Redis restart), it tries again every
 * {@value #RETRY_SECONDS} s for {@value #ATTEMPTS} attempts instead of leaving the running FFmpeg
 * processes unsupervised and never cleaned. A channel a viewer has started again meanwhile is this
 * node's already: its older FFmpeg, if one still runs, is stopped as an orphan.
 */
@Singleton
@Startup
public class StreamReconciler {
  private static final Logger LOG = Logger.getLogger(StreamReconciler.class.getName());
  static final int RETRY_SECONDS = 2;
  static final int ATTEMPTS = 30;

  @Inject StreamSupervisor supervisor;
  @Inject StreamAdoption adoption;
  @Inject StreamState state;
  @Inject FfmpegLauncher launcher;
  @Inject HlsPaths paths;

  /** FFmpeg started after this is this deployment's own, never an orphan of an earlier one. */
  private final Instant began = Instant.now();

  private ScheduledExecutorService retries;

  @PostConstruct
  void reconcile() {
    if (attempt(1)) {
      return;
    }
    retries =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("iptv-stream-reconcile"));
    AtomicInteger attempts = new AtomicInteger(1);
    retries.scheduleWithFixedDelay(
        () -> {
          int n = attempts.incrementAndGet();
          if (attempt(n) || n >= ATTEMPTS) {
            if (n >= ATTEMPTS) {
              LOG.severe(
                  "stream reconciliation given up after "
                      + n
                      + " attempts effect=FFmpeg of an earlier deployment runs unsupervised");
            }
            retries.shutdown();
          }
        },
        RETRY_SECONDS,
        RETRY_SECONDS,
        TimeUnit.SECONDS);
  }

  @PreDestroy
  void stopRetrying() {
    if (retries != null) {
      retries.shutdownNow();
    }
  }

  /** One pass; false when Redis (or anything else) failed it. */
  synchronized boolean attempt(int n) {
    try {
      Set<String> adopted = new HashSet<>();
      for (StreamState.Snapshot snapshot : state.snapshots()) {
        String id = snapshot.channelId();
        if (snapshot.owner().filter(o -> !o.equals(supervisor.node())).isPresent()
            || supervisor.supervises(new ChannelId(id))) {
          continue;
        }
        if (snapshot.mode() == StreamMode.NATIVE && adoption.resumeNative(id, snapshot)) {
          adopted.add(id);
          continue;
        }
        Optional<ProcessHandle> process =
            snapshot.pid().flatMap(pid -> FfmpegIdentity.ours(pid, paths, id));
        if (process.isPresent()) {
          adoption.adopt(id, process.get(), snapshot);
          adopted.add(id);
        } else {
          paths.removeAll(id);
          state.release(id, supervisor.node());
          LOG.info("stream stop channel=" + id + " reason=dead-at-startup");
        }
      }
      stopOrphans(adopted);
      removeFilesOfChannelsNotRunningHere(adopted);
      return true;
    } catch (RuntimeException e) {
      LOG.warning(
          "stream reconciliation failed attempt="
              + n
              + " reason=\""
              + e.getMessage()
              + "\" effect=retrying in "
              + RETRY_SECONDS
              + " s");
      return false;
    }
  }

  /**
   * Files of channels this node does not run: left by a run that died with the host, of a channel
   * another node runs now. nginx would serve their frozen playlist to this node's viewers instead
   * of asking the app, which sends them to the owner.
   */
  private void removeFilesOfChannelsNotRunningHere(Set<String> adopted) {
    for (String id : paths.channelsOnDisk()) {
      if (!adopted.contains(id) && !supervisor.supervises(new ChannelId(id))) {
        int removed = paths.removeAll(id);
        LOG.info(
            "stream files removed channel="
                + id
                + " files="
                + removed
                + " reason=not-running-here");
      }
    }
  }

  private static boolean startedBefore(ProcessHandle process, Instant instant) {
    return process.info().startInstant().map(started -> started.isBefore(instant)).orElse(true);
  }

  private void stopOrphans(Set<String> adopted) {
    ProcessHandle.allProcesses()
        .forEach(
            process ->
                FfmpegIdentity.channelOf(process, paths)
                    .filter(id -> !adopted.contains(id))
                    .filter(id -> supervisor.pidOf(new ChannelId(id)) != process.pid())
                    .filter(id -> startedBefore(process, began))
                    .ifPresent(
                        id -> {
                          launcher.terminate(process);
                          if (!supervisor.supervises(new ChannelId(id))) {
                            paths.removeAll(id);
                          }
                          LOG.info(
                              "stream stop channel=" + id + " reason=orphan pid=" + process.pid());
                        }));
  }
}
